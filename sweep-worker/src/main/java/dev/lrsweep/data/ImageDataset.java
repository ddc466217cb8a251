package dev.lrsweep.data;

import java.util.List;
import java.util.Objects;

/**
 * A dataset as read from one location: both splits and the class names. The facts a model and a
 * report need (image shape, number of classes, their names, split sizes) come from here.
 */
public record ImageDataset(ImageSplit train, ImageSplit test, List<String> classNames) {
  public ImageDataset {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    classNames = List.copyOf(classNames);
    if (!train.shape().equals(test.shape()) || train.classes() != test.classes()) {
      throw new IllegalArgumentException("train (" + train.shape() + ", " + train.classes()
          + " classes) and test (" + test.shape() + ", " + test.classes() + " classes) differ");
    }
    if (classNames.size() != train.classes()) {
      throw new IllegalArgumentException(
          train.classes() + " class names expected, found " + classNames.size() + ": " + classNames);
    }
  }

  /** The shape of every image. */
  public ImageShape shape() {
    return train.shape();
  }

  /** Number of classes. */
  public int classes() {
    return train.classes();
  }
}
