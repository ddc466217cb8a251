package dev.lrsweep.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the process environment contributes to a sweep, as a value so tests inject their own
 * instead of changing the real one.
 *
 * @param variables environment variables (only the datasets' own, such as {@code CIFAR10_PATH} and {@code MNIST_PATH}, are read)
 * @param projectRoot the project root: system property {@code lrsweep.project.root} (set by
 *     {@code scripts/sweep} and surefire), else the working directory
 * @param workingDirectory where relative paths in the config and the environment are resolved
 */
public record Environment(Map<String, String> variables, Path projectRoot, Path workingDirectory) {
  /** The environment variable that may name CIFAR-10 ({@code Cifar10.environmentVariable()}). */
  public static final String CIFAR10_PATH = "CIFAR10_PATH";

  /** System property that names the project root. */
  public static final String PROJECT_ROOT_PROPERTY = "lrsweep.project.root";

  public Environment {
    variables = Map.copyOf(variables);
    Objects.requireNonNull(projectRoot, "projectRoot");
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  /** The real environment of this process. */
  public static Environment system() {
    Path cwd = Path.of("").toAbsolutePath();
    String root = System.getProperty(PROJECT_ROOT_PROPERTY);
    return new Environment(
        System.getenv(), root == null || root.isBlank() ? cwd : Path.of(root).toAbsolutePath(), cwd);
  }

  /** A variable's value, empty when unset or blank. */
  public Optional<String> variable(String name) {
    String v = variables.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }
}
