package dev.lrsweep.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker outside Spark has no Hadoop: local paths must still work and a cluster URI must be
 * refused with an explanation. Runs the data package in a class loader that sees this module's
 * classes and logging but no Hadoop jar.
 */
class WithoutHadoopTest {
  @TempDir Path tmp;

  @Test
  void localPathsWorkAndClusterUrisAreRefusedClearly() throws Exception {
    Path dir = SyntheticCifar.writeDirectory(tmp, SyntheticCifar.files(20));
    try (URLClassLoader loader = classLoaderWithoutHadoop()) {
      assertThrows(
          ClassNotFoundException.class,
          () -> Class.forName("org.apache.hadoop.fs.FileSystem", false, loader));
      Class<?> datasetType = loader.loadClass(Dataset.class.getName());
      Object cifar = loader.loadClass(Cifar10.class.getName()).getField("INSTANCE").get(null);
      Method load = loader.loadClass(DatasetCache.class.getName()).getMethod("get", datasetType, String.class);
      java.util.function.Function<String, Object[]> args = location -> new Object[] {cifar, location};

      // A local path and a file: URI both reach the files without Hadoop: the public path then
      // rejects the small synthetic files for their size, which shows they were read.
      for (String location : List.of(dir.toString(), dir.toUri().toString())) {
        Throwable local = cause(load, args, location);
        assertEquals(CifarFormatException.class.getName(), local.getClass().getName());
        assertTrue(local.getMessage().contains("holds 20 records"), local.getMessage());
      }

      Throwable hdfs = cause(load, args, "hdfs://namenode:8020/datasets/cifar");
      assertInstanceOf(IllegalStateException.class, hdfs);
      assertEquals(
          "CIFAR-10 location hdfs://namenode:8020/datasets/cifar is a hdfs: URI, which is read"
              + " through Hadoop's FileSystem, but Hadoop (org.apache.hadoop.fs.FileSystem) is"
              + " not on the classpath; give a local path, or run under Spark (which ships"
              + " Hadoop) or add org.apache.hadoop:hadoop-client-api and hadoop-client-runtime",
          hdfs.getMessage());
    }
  }

  private static Throwable cause(Method get, java.util.function.Function<String, Object[]> args, String location)
      throws IllegalAccessException {
    try {
      get.invoke(null, args.apply(location));
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
    throw new AssertionError("DatasetCache.get(Cifar10.INSTANCE, " + location + ") did not fail");
  }

  private static URLClassLoader classLoaderWithoutHadoop() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      // the module's classes, logging and Commons Compress are all the data package needs;
      // leaving out the large ND4J native jars keeps class lookups fast
      boolean needed = Path.of(entry).toFile().isDirectory() || entry.contains("slf4j") || entry.contains("log4j")
          || entry.contains("commons-compress");
      if (needed && !entry.contains("hadoop")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }
}
