package dev.lrsweep.trial;

import java.io.Serializable;

/**
 * Where CIFAR-10 is and how much of it a trial uses.
 *
 * @param location the official {@code cifar-10-binary.tar.gz}, or an extracted {@code
 *     cifar-10-batches-bin/} directory; a local path or a Hadoop FileSystem URI
 * @param trainLimit number of training images, class-balanced and seeded; 0 means all 50,000
 * @param testLimit number of test images, class-balanced; 0 means all 10,000
 * @param subsetSeed seed that picks the subsets; one per sweep, so every trial of a sweep trains
 *     and is tested on the same images and schedules are compared fairly
 */
public record DataSpec(String location, int trainLimit, int testLimit, long subsetSeed)
    implements Serializable {
  public DataSpec {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("data location must not be empty");
    }
    if (trainLimit < 0 || trainLimit > 50_000) {
      throw new IllegalArgumentException("train_limit must be in [0, 50000] (0 = all), found " + trainLimit);
    }
    if (testLimit < 0 || testLimit > 10_000) {
      throw new IllegalArgumentException("test_limit must be in [0, 10000] (0 = all), found " + testLimit);
    }
  }
}
