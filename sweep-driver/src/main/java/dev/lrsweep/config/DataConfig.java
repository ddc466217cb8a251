package dev.lrsweep.config;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.data.DatasetRegistry;
import java.util.Optional;

/**
 * The {@code data} section.
 *
 * @param dataset the format's name in {@link DatasetRegistry} ({@code data.dataset})
 * @param path {@code data.path} as written (a local path, a {@code file:} URI or a Hadoop URI such
 *     as {@code hdfs:} or {@code s3a:}); empty when not set, so {@link DataLocator} falls back to
 *     the dataset's environment variable and then its project default
 * @param pathOrigin where {@code data.path} was set ({@code file:line} or {@code --set data.path});
 *     empty when not set
 * @param trainLimit training images to use, class-balanced; 0 = all
 * @param testLimit test images to use, class-balanced; 0 = all
 */
public record DataConfig(String dataset, Optional<String> path, String pathOrigin, int trainLimit, int testLimit) {
  public DataConfig {
    pathOrigin = pathOrigin == null ? "" : pathOrigin;
    DatasetRegistry.get(dataset);
  }

  /** The dataset format. */
  public Dataset format() {
    return DatasetRegistry.get(dataset);
  }
}
