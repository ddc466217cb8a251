package dev.lrsweep.data;

import java.util.List;

/**
 * A dataset format the sweep can train on, as the {@link DatasetRegistry} knows it by name: where
 * to look for it, the facts a configuration is checked against before anything is read (image
 * shape, classes, the largest split sizes), and how to read and validate it.
 *
 * <p>Adding a dataset format is one implementation of this interface plus one line in {@link
 * DatasetRegistry}; nothing else in the worker or the driver names a dataset.
 */
public interface Dataset {
  /** The name {@code data.dataset} uses, e.g. {@code cifar10}. */
  String name();

  /** One line for people: what the format is and where the official files come from. */
  String description();

  /** The environment variable that may name the location, e.g. {@code CIFAR10_PATH}. */
  String environmentVariable();

  /** The project's copy, relative to the project root, used when nothing else names one. */
  String projectDefault();

  /** The shape of every image. */
  ImageShape shape();

  /** Number of classes; labels are {@code 0..classes()-1}. */
  int classes();

  /** The most training images a location of this format can hold ({@code data.train_limit}'s bound). */
  int maxTrain();

  /** The most test images ({@code data.test_limit}'s bound). */
  int maxTest();

  /**
   * Reads and validates the dataset at a normalized location (a local path or a Hadoop URI).
   *
   * @throws DataFormatException when files are missing, truncated or corrupt: names the file, the
   *     record and the problem
   */
  ImageDataset read(String location);

  /** The names every dataset of the registry is listed by, for error messages. */
  static List<String> names() {
    return DatasetRegistry.names();
  }
}
