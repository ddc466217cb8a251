package dev.lrsweep.data;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The one place that maps dataset names ({@code data.dataset}) to their formats. */
public final class DatasetRegistry {
  private static final SortedMap<String, Dataset> DATASETS = index(Cifar10.INSTANCE, IdxDataset.MNIST);

  private DatasetRegistry() {}

  private static SortedMap<String, Dataset> index(Dataset... datasets) {
    SortedMap<String, Dataset> map = new TreeMap<>();
    for (Dataset d : datasets) {
      if (map.put(d.name(), d) != null) {
        throw new IllegalStateException("two datasets named " + d.name());
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** The valid names, sorted. */
  public static List<String> names() {
    return List.copyOf(DATASETS.keySet());
  }

  /**
   * The dataset called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
   */
  public static Dataset get(String name) {
    Dataset d = DATASETS.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "unknown dataset '" + name + "': must be one of " + String.join(", ", DATASETS.keySet()));
    }
    return d;
  }
}
