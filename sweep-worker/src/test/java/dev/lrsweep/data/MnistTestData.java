package dev.lrsweep.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find real MNIST-format data: the project's 10,000 digits at {@code
 * ../shared/datasets/mnist-digits-10k} from the project root ({@code lrsweep.project.root}, else the
 * working directory and its parents), and Debian's Fashion-MNIST ({@code dataset-fashion-mnist},
 * installed by .ci/run) at {@value #FASHION}. Missing data fails the test; it does not skip it.
 */
public final class MnistTestData {
  static final String DIGITS = "../shared/datasets/mnist-digits-10k";
  static final String FASHION = "/usr/share/datasets/fashion-mnist";

  private MnistTestData() {}

  /** The 10,000 digits (8,000 train, 2,000 test). */
  public static Path digits() {
    StringBuilder looked = new StringBuilder();
    String root = System.getProperty("lrsweep.project.root");
    if (root != null && !root.isBlank()) {
      Path candidate = Path.of(root).resolve(DIGITS).normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      looked.append("\n  ").append(candidate).append(" (from lrsweep.project.root)");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(DIGITS).normalize();
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      looked.append("\n  ").append(candidate);
    }
    throw new IllegalStateException("the MNIST digits are missing; looked at:" + looked
        + "\n(they belong at " + DIGITS + " from the project root; see shared/README.md)");
  }

  /** Fashion-MNIST, all 60,000 + 10,000 images. */
  public static Path fashion() {
    Path p = Path.of(FASHION);
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException(FASHION + " is missing: install Debian's dataset-fashion-mnist (.ci/run does)");
    }
    return p;
  }
}
