package dev.lrsweep.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local file system; locations arrive normalized (absolute paths) from the cache. */
final class LocalStorage implements Storage {
  @Override
  public Kind kind(String path) {
    Path p = Path.of(path);
    if (Files.isDirectory(p)) {
      return Kind.DIRECTORY;
    }
    return Files.isRegularFile(p) ? Kind.FILE : Kind.MISSING;
  }

  @Override
  public long length(String path) throws IOException {
    return Files.size(Path.of(path));
  }

  @Override
  public InputStream open(String path) throws IOException {
    return Files.newInputStream(Path.of(path));
  }

  @Override
  public String child(String directory, String name) {
    return Path.of(directory).resolve(name).toString();
  }
}
