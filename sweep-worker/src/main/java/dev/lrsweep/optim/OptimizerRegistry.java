package dev.lrsweep.optim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds optimizers by name: the one place that maps {@code sgd}, {@code adam} and {@code adamw}
 * to their records, with each parameter's default. Values are checked for type here and for range
 * by the records' constructors; every rejection is an {@link InvalidOptimizerException} naming the
 * optimizer, the parameter, the value and the rule.
 */
public final class OptimizerRegistry {
  /** One optimizer: its parameters' defaults (which also fix their types) and its constructor. */
  private record Entry(SortedMap<String, Object> defaults, Function<Map<String, Object>, Optimizer> factory) {}

  private static final SortedMap<String, Entry> OPTIMIZERS = new TreeMap<>();

  static {
    add("sgd", Map.of("momentum", 0.9, "nesterov", true),
        p -> new Sgd(real(p, "momentum"), (Boolean) p.get("nesterov")));
    add("adam", Map.of("beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7),
        p -> new Adam(real(p, "beta_1"), real(p, "beta_2"), real(p, "epsilon")));
    add("adamw", Map.of("beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7, "weight_decay", 0.004),
        p -> new AdamW(real(p, "beta_1"), real(p, "beta_2"), real(p, "epsilon"), real(p, "weight_decay")));
  }

  private OptimizerRegistry() {}

  private static void add(String name, Map<String, Object> defaults, Function<Map<String, Object>, Optimizer> factory) {
    OPTIMIZERS.put(name, new Entry(Collections.unmodifiableSortedMap(new TreeMap<>(defaults)), factory));
  }

  private static double real(Map<String, Object> p, String key) {
    return (Double) p.get(key);
  }

  /** The valid names, sorted. */
  public static List<String> names() {
    return List.copyOf(OPTIMIZERS.keySet());
  }

  /**
   * The parameters of {@code name} with their defaults, sorted.
   *
   * @throws InvalidOptimizerException for an unknown name
   */
  public static SortedMap<String, Object> defaults(String name) {
    return lookup(name).defaults();
  }

  /**
   * Every parameter name any optimizer takes, sorted (the configuration's optimizer keys).
   */
  public static List<String> allParameters() {
    TreeMap<String, Object> all = new TreeMap<>();
    OPTIMIZERS.values().forEach(e -> all.putAll(e.defaults()));
    return List.copyOf(all.keySet());
  }

  /**
   * Builds the optimizer {@code name} from the parameters given (Numbers, Booleans); parameters
   * left out take their defaults.
   *
   * @throws InvalidOptimizerException for an unknown name (listing the valid ones), a parameter
   *     the optimizer does not take (listing the ones it does), a value of the wrong type or out
   *     of range
   */
  public static Optimizer create(String name, Map<String, ?> given) {
    Entry entry = lookup(name);
    SortedMap<String, Object> values = new TreeMap<>(entry.defaults());
    for (Map.Entry<String, ?> e : new TreeMap<String, Object>(given).entrySet()) {
      Object def = entry.defaults().get(e.getKey());
      if (def == null) {
        throw new InvalidOptimizerException(name, e.getKey(), e.getValue(),
            "is not a parameter of " + name + " (it takes " + String.join(", ", entry.defaults().keySet()) + ")");
      }
      Object v = e.getValue();
      if (def instanceof Double) {
        if (!(v instanceof Number number)) {
          throw new InvalidOptimizerException(name, e.getKey(), v, "must be a number");
        }
        values.put(e.getKey(), number.doubleValue());
      } else if (def instanceof Boolean) {
        if (!(v instanceof Boolean)) {
          throw new InvalidOptimizerException(name, e.getKey(), v, "must be true or false");
        }
        values.put(e.getKey(), v);
      }
    }
    return entry.factory().apply(values);
  }

  private static Entry lookup(String name) {
    Entry e = OPTIMIZERS.get(name);
    if (e == null) {
      throw new InvalidOptimizerException(String.valueOf(name), "optimizer", name,
          "must be one of " + String.join(", ", OPTIMIZERS.keySet()));
    }
    return e;
  }
}
