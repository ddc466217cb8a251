package dev.lrsweep.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The sweep's output directory, and the only way code here names a file in it: names must be
 * plain file names ({@code [A-Za-z0-9._-]}, not starting with '.') or slash-separated paths of
 * them, and the normalized result must stay inside the directory, so neither a trial id nor a
 * config value can write outside OUT.
 */
public final class OutputDir {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}");

  private final Path root;

  /** @param root the output directory; made absolute and normalized */
  public OutputDir(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The directory itself. */
  public Path root() {
    return root;
  }

  /**
   * {@code root/relative}, checked.
   *
   * @throws IllegalArgumentException for an absolute path, an empty, hidden or {@code ..} segment,
   *     a character outside {@code [A-Za-z0-9._-]}, or a result outside the root
   */
  public Path resolve(String relative) {
    Objects.requireNonNull(relative, "relative");
    if (relative.isEmpty() || relative.startsWith("/")) {
      throw new IllegalArgumentException(
          "output file names must be relative names inside " + root + ", found '" + relative + "'");
    }
    for (String segment : relative.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException("output file name segments must be [A-Za-z0-9._-] not starting with '.'"
            + " (no '..', no empty segments), found '" + segment + "' in '" + relative + "'");
      }
    }
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("'" + relative + "' resolves to " + p + ", outside " + root);
    }
    return p;
  }

  /**
   * Replaces {@code file} (a path from {@link #resolve}) with {@code bytes} so that a reader sees
   * the old content or the new, never half a file: the bytes go to a temporary file in the same
   * directory, which is then renamed over {@code file} (atomically where the file system can). The
   * live report rewrites its files this way after every trial while a browser may be reading them.
   */
  public static void replace(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".tmp-" + file.getFileName(), "");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@link #replace(Path, byte[])} with UTF-8 text. */
  public static void replace(Path file, String text) throws IOException {
    replace(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
