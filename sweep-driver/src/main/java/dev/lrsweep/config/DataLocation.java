package dev.lrsweep.config;

import dev.lrsweep.data.Dataset;
import java.util.List;
import java.util.Objects;

/**
 * Where {@link DataLocator} found (or did not find) the dataset.
 *
 * @param dataset the dataset format looked for
 * @param location the location trials get: an absolute, normalized local path, or a URI passed
 *     through unchecked ({@code hdfs:}, {@code s3a:}, ...)
 * @param source which rule chose it, e.g. {@code data.path (conf/quick.conf:3)}, {@code
 *     CIFAR10_PATH}, {@code project default}
 * @param found whether it exists (always true for non-{@code file:} URIs, which are not checked)
 * @param looked every place consulted and what was there, in order, for the error message
 */
public record DataLocation(Dataset dataset, String location, String source, boolean found, List<String> looked) {
  public DataLocation {
    Objects.requireNonNull(dataset, "dataset");
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
    StringBuilder s = new StringBuilder("dataset " + dataset.name() + " not found. Looked at:");
    for (String l : looked) {
      s.append("\n  ").append(l);
    }
    return s.append("\nExpected: ").append(dataset.description())
        .append(". Point to it with data.path in the config, --set data.path=..., or the ")
        .append(dataset.environmentVariable()).append(" environment variable.")
        .toString();
  }
}
