package dev.lrsweep.config;

import java.util.List;
import java.util.Objects;

/**
 * Where {@link DataLocator} found (or did not find) CIFAR-10.
 *
 * @param location the location trials get: an absolute, normalized local path, or a URI passed
 *     through unchecked ({@code hdfs:}, {@code s3a:}, ...)
 * @param source which rule chose it, e.g. {@code data.path (conf/quick.conf:3)}, {@code
 *     CIFAR10_PATH}, {@code project default}
 * @param found whether it exists (always true for non-{@code file:} URIs, which are not checked)
 * @param looked every place consulted and what was there, in order, for the error message
 */
public record DataLocation(String location, String source, boolean found, List<String> looked) {
  /** The official archive; the error for a missing dataset points to it. */
  public static final String OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

  public DataLocation {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(source, "source");
    looked = List.copyOf(looked);
  }

  /**
   * Returns this location if the data exists.
   *
   * @throws DataNotFoundException naming every place looked and how to get the file
   */
  public DataLocation requireFound() throws DataNotFoundException {
    if (!found) {
      throw new DataNotFoundException(problem());
    }
    return this;
  }

  /** The multi-line explanation of a missing dataset (empty when found). */
  public String problem() {
    if (found) {
      return "";
    }
    StringBuilder s = new StringBuilder("CIFAR-10 not found. Looked at:");
    for (String l : looked) {
      s.append("\n  ").append(l);
    }
    return s.append("\nGet the official binary archive from ").append(OFFICIAL_URL)
        .append(" (or an extracted cifar-10-batches-bin/ directory) and point to it with data.path in the config,")
        .append(" --set data.path=/path/to/cifar-10-binary.tar.gz, or the ")
        .append(Environment.CIFAR10_PATH).append(" environment variable.")
        .toString();
  }
}
