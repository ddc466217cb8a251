package dev.lrsweep.config;

import dev.lrsweep.data.Dataset;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the dataset, first rule that names a location wins: config key {@code data.path}, then
 * the dataset's environment variable ({@code CIFAR10_PATH}, {@code MNIST_PATH}), then its project
 * copy relative to the project root ({@code Dataset.projectDefault()}, e.g. {@value
 * #PROJECT_DEFAULT} for CIFAR-10). A location that is named but missing is not silently replaced by a later rule:
 * the user meant that one. Local paths (and {@code file:} URIs) are checked; other URIs
 * ({@code hdfs:}, {@code s3a:}) are passed through for Hadoop's FileSystem to open.
 */
public final class DataLocator {
  /** Where the project keeps its CIFAR-10 copy, relative to the project root. */
  public static final String PROJECT_DEFAULT = "../shared/datasets/cifar-10-binary.tar.gz";

  // two or more letters, so a Windows drive letter ("C:\...") is a path, not a scheme
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*");

  private DataLocator() {}

  /** Resolves the data location of {@code data} in {@code env}. */
  public static DataLocation locate(DataConfig data, Environment env) {
    List<String> looked = new ArrayList<>();
    Dataset format = data.format();
    String variable = format.environmentVariable();
    Optional<String> fromEnv = env.variable(variable);
    if (data.path().isPresent()) {
      return check(format, data.path().get(), "data.path (" + data.pathOrigin() + ")", env.workingDirectory(), looked);
    }
    looked.add("data.path: not set");
    if (fromEnv.isPresent()) {
      return check(format, fromEnv.get(), variable + " environment variable", env.workingDirectory(), looked);
    }
    looked.add(variable + " environment variable: not set");
    String projectCopy = format.projectDefault();
    return check(format, projectCopy, "project default " + projectCopy + " (project root " + env.projectRoot() + ")",
        env.projectRoot(), looked);
  }

  private static DataLocation check(Dataset format, String raw, String source, Path base, List<String> looked) {
    var m = SCHEME.matcher(raw);
    if (m.matches() && !m.group(1).equalsIgnoreCase("file")) {
      looked.add(source + ": " + raw + " (not checked: " + m.group(1) + " URI)");
      return new DataLocation(format, raw, source, true, looked);
    }
    Path path;
    try {
      path = m.matches() ? Path.of(new URI(raw)) : base.resolve(raw);
    } catch (URISyntaxException | IllegalArgumentException e) {
      looked.add(source + ": " + raw + " is not a valid path or file: URI (" + e.getMessage() + ")");
      return new DataLocation(format, raw, source, false, looked);
    }
    Path absolute = path.toAbsolutePath().normalize();
    boolean exists = Files.exists(absolute);
    looked.add(source + ": " + absolute + (exists ? "" : " (does not exist)"));
    return new DataLocation(format, absolute.toString(), source, exists, looked);
  }
}
