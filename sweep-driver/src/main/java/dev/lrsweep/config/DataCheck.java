package dev.lrsweep.config;

import dev.lrsweep.data.DataFormatException;
import dev.lrsweep.data.DatasetCache;
import dev.lrsweep.data.DatasetRegistry;
import dev.lrsweep.data.ImageDataset;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's check of the dataset before Spark starts: the same reader and validation the
 * executors use, run once on the driver, so a missing, truncated or corrupt dataset stops the
 * command with the reader's file/record message instead of failing every trial one by one.
 *
 * <p>It reads through the per-JVM dataset cache: in local mode the executors live in the
 * driver's JVM and reuse what the check read, so the check costs nothing there; on a cluster the
 * driver holds one decoded copy (about 180 MB for CIFAR-10) for the rest of the run.
 *
 * <p>Whether the driver can read the path: a local path must be readable (any failure is bad
 * data). A URI ({@code hdfs:}, {@code s3a:}) that the driver cannot reach (an I/O error, not a
 * format error) is left to the executors with a warning: they may see a file system the driver
 * does not.
 */
public final class DataCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DataCheck.class);

  private DataCheck() {}

  /**
   * Reads and validates the dataset at {@code location} as the registered dataset {@code dataset}
   * (e.g. {@code cifar10}, {@code mnist}).
   *
   * @return the dataset as read, or empty when the driver cannot reach a remote location
   * @throws InvalidDataException naming the file, the record and the problem
   */
  public static java.util.Optional<ImageDataset> verify(String dataset, String location) throws InvalidDataException {
    try {
      return java.util.Optional.of(DatasetCache.get(DatasetRegistry.get(dataset), location));
    } catch (DataFormatException e) {
      boolean remote = location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.startsWith("file:");
      if (remote && e.getCause() instanceof IOException && !(e.getCause() instanceof java.io.EOFException)) {
        LOG.warn("The driver cannot read {} ({}); the executors will try", location, e.getMessage());
        return java.util.Optional.empty();
      }
      throw new InvalidDataException(e.getMessage(), e);
    }
  }
}
