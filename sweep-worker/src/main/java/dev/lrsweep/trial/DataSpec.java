package dev.lrsweep.trial;

import dev.lrsweep.data.Dataset;
import dev.lrsweep.data.DatasetRegistry;
import java.io.Serializable;

/**
 * Which dataset a trial reads, where, and how much of it.
 *
 * @param dataset the format's name in {@link DatasetRegistry} ({@code cifar10}, {@code mnist})
 * @param location where it is: for CIFAR-10 the official {@code cifar-10-binary.tar.gz} or an
 *     extracted {@code cifar-10-batches-bin/} directory, for MNIST the directory of IDX files; a
 *     local path or a Hadoop FileSystem URI
 * @param trainLimit number of training images, class-balanced and seeded; 0 means all
 * @param testLimit number of test images, class-balanced; 0 means all
 * @param subsetSeed seed that picks the subsets; one per sweep, so every trial of a sweep trains
 *     and is tested on the same images and schedules are compared fairly
 */
public record DataSpec(String dataset, String location, int trainLimit, int testLimit, long subsetSeed)
    implements Serializable {
  public DataSpec {
    Dataset format = DatasetRegistry.get(dataset);
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("data location must not be empty");
    }
    if (trainLimit < 0 || trainLimit > format.maxTrain()) {
      throw new IllegalArgumentException("train_limit must be in [0, " + format.maxTrain() + "] (0 = all) for "
          + dataset + ", found " + trainLimit);
    }
    if (testLimit < 0 || testLimit > format.maxTest()) {
      throw new IllegalArgumentException("test_limit must be in [0, " + format.maxTest() + "] (0 = all) for "
          + dataset + ", found " + testLimit);
    }
  }

  /** The dataset format. */
  public Dataset format() {
    return DatasetRegistry.get(dataset);
  }

  /** The same dataset at another location (where an executor finds its shipped copy). */
  public DataSpec at(String otherLocation) {
    return new DataSpec(dataset, otherLocation, trainLimit, testLimit, subsetSeed);
  }
}
