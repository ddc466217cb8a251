package dev.lrsweep.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the dataset files live: the local file system, or any Hadoop FileSystem (HDFS, S3A, ...)
 * for cluster runs. Paths are strings in the storage's own syntax. Plain local paths never touch
 * Hadoop, so the worker needs no Hadoop on its classpath unless given a URI.
 */
interface Storage {
  /** What a path names. */
  enum Kind {
    FILE,
    DIRECTORY,
    MISSING
  }

  Kind kind(String path) throws IOException;

  long length(String path) throws IOException;

  InputStream open(String path) throws IOException;

  String child(String directory, String name);

  /** A scheme of two or more letters: a URI, not a Windows drive letter such as {@code C:}. */
  Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  String HADOOP_FILE_SYSTEM = "org.apache.hadoop.fs.FileSystem";

  /**
   * The storage for a location: Hadoop's FileSystem for a URI ({@code hdfs:}, {@code s3a:},
   * {@code file:}, ...), the local file system for a plain path. Without Hadoop on the classpath
   * a {@code file:} URI is read locally and any other URI is refused with an explanation.
   */
  static Storage forLocation(String location) {
    if (!isUri(location)) {
      return new LocalStorage();
    }
    if (hadoopPresent()) {
      return new HadoopStorage(location);
    }
    URI uri = parseUri(location);
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return new LocalStorage();
    }
    throw new IllegalStateException(
        "CIFAR-10 location " + location + " is a " + uri.getScheme() + ": URI, which is read"
            + " through Hadoop's FileSystem, but Hadoop (" + HADOOP_FILE_SYSTEM + ") is not on"
            + " the classpath; give a local path, or run under Spark (which ships Hadoop) or add"
            + " org.apache.hadoop:hadoop-client-api and hadoop-client-runtime");
  }

  /**
   * The location as the storage will read it, normalized for use as a cache key: an absolute,
   * normalized path, or a normalized URI.
   */
  static String normalize(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(
          "CIFAR-10 location must be a path or URI, found " + (location == null ? "null" : "\"\""));
    }
    String trimmed = location.strip();
    if (isUri(trimmed)) {
      URI uri = parseUri(trimmed).normalize();
      if ("file".equalsIgnoreCase(uri.getScheme()) && !hadoopPresent()) {
        return Path.of(uri).toAbsolutePath().normalize().toString();
      }
      return uri.toString();
    }
    return Path.of(trimmed).toAbsolutePath().normalize().toString();
  }

  static boolean isUri(String location) {
    return URI_SCHEME.matcher(location).matches();
  }

  private static URI parseUri(String location) {
    try {
      return new URI(location);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "CIFAR-10 location " + location + " looks like a URI but is not one: " + e.getMessage(),
          e);
    }
  }

  private static boolean hadoopPresent() {
    try {
      Class.forName(HADOOP_FILE_SYSTEM, false, Storage.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
