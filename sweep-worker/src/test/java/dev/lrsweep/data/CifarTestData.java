package dev.lrsweep.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the real CIFAR-10 archive: {@code ../shared/datasets/cifar-10-binary.tar.gz}
 * from the project root, which surefire passes as {@code lrsweep.project.root}; without it, the
 * working directory and its parents are tried. Missing data fails the test (it is part of every
 * checkout's environment), it does not skip it.
 */
public final class CifarTestData {
  static final String RELATIVE = "../shared/datasets/cifar-10-binary.tar.gz";

  private CifarTestData() {}

  /** The real archive's path; throws with every place it looked when it is not there. */
  public static Path realArchive() {
    StringBuilder looked = new StringBuilder();
    String root = System.getProperty("lrsweep.project.root");
    if (root != null && !root.isBlank()) {
      Path candidate = Path.of(root).resolve(RELATIVE).normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      looked.append("\n  ").append(candidate).append(" (from lrsweep.project.root)");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE).normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      looked.append("\n  ").append(candidate);
    }
    throw new IllegalStateException(
        "the real CIFAR-10 archive is missing; looked at:" + looked
            + "\n(it belongs at " + RELATIVE + " from the project root; see shared/README.md)");
  }
}
