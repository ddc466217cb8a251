package dev.lrsweep.model;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The one place that maps model names (the configuration's {@code model}) to networks. */
public final class ModelRegistry {
  private static final SortedMap<String, ModelFactory> MODELS = index(new MiniVggModel.Factory(), new MnistCnn.Factory());

  private ModelRegistry() {}

  private static SortedMap<String, ModelFactory> index(ModelFactory... models) {
    SortedMap<String, ModelFactory> map = new TreeMap<>();
    for (ModelFactory m : models) {
      if (map.put(m.name(), m) != null) {
        throw new IllegalStateException("two models named " + m.name());
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** The valid names, sorted. */
  public static List<String> names() {
    return List.copyOf(MODELS.keySet());
  }

  /**
   * The network called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the valid ones
   */
  public static ModelFactory get(String name) {
    ModelFactory m = MODELS.get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "unknown model '" + name + "': must be one of " + String.join(", ", MODELS.keySet()));
    }
    return m;
  }
}
