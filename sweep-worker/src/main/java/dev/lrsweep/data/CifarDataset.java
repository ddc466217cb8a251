package dev.lrsweep.data;

import java.util.List;

/**
 * CIFAR-10 as read from one location: both splits and the class names from {@code
 * batches.meta.txt}.
 */
public record CifarDataset(CifarSplit train, CifarSplit test, List<String> classNames) {
  public CifarDataset {
    classNames = List.copyOf(classNames);
  }
}
