package dev.lrsweep.config;

import java.util.Optional;

/**
 * The {@code data} section.
 *
 * @param path {@code data.path} as written (a local path, a {@code file:} URI or a Hadoop URI such
 *     as {@code hdfs:} or {@code s3a:}); empty when not set, so {@link DataLocator} falls back to
 *     {@code CIFAR10_PATH} and then the project default
 * @param pathOrigin where {@code data.path} was set ({@code file:line} or {@code --set data.path});
 *     empty when not set
 * @param trainLimit training images to use, class-balanced; 0 = all 50,000
 * @param testLimit test images to use, class-balanced; 0 = all 10,000
 */
public record DataConfig(Optional<String> path, String pathOrigin, int trainLimit, int testLimit) {
  public DataConfig {
    pathOrigin = pathOrigin == null ? "" : pathOrigin;
  }
}
