package dev.lrsweep.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A Hadoop FileSystem ({@code hdfs:}, {@code s3a:}, {@code file:}, ...). The only class that
 * names Hadoop types: it is loaded only for URI locations, after {@link Storage#forLocation}
 * checked that Hadoop is on the classpath (it is {@code provided}: Spark ships it).
 *
 * <p>The FileSystem comes from Hadoop's own per-JVM cache, so it is not closed here.
 */
final class HadoopStorage implements Storage {
  private final FileSystem fs;

  HadoopStorage(String location) {
    // Hadoop's default Configuration picks up core-site.xml / HADOOP_CONF_DIR, as under Spark.
    try {
      this.fs = FileSystem.get(URI.create(location), new Configuration());
    } catch (IOException e) {
      throw new CifarFormatException(
          "cannot open the Hadoop FileSystem for CIFAR-10 location " + location + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Kind kind(String path) throws IOException {
    try {
      FileStatus status = fs.getFileStatus(new Path(path));
      return status.isDirectory() ? Kind.DIRECTORY : Kind.FILE;
    } catch (FileNotFoundException e) {
      return Kind.MISSING;
    }
  }

  @Override
  public long length(String path) throws IOException {
    return fs.getFileStatus(new Path(path)).getLen();
  }

  @Override
  public InputStream open(String path) throws IOException {
    return fs.open(new Path(path));
  }

  @Override
  public String child(String directory, String name) {
    return new Path(new Path(directory), name).toString();
  }
}
