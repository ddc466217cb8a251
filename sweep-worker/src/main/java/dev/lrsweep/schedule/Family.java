package dev.lrsweep.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A family as the registry knows it: its name, its parameters with their defaults, and the
 * record constructor that validates them. Each schedule record declares its own {@code FAMILY}
 * so that the parameter list sits next to the formula it feeds.
 */
record Family(String name, List<Param> params, Function<Args, Schedule> factory) {

  Family {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(factory, "factory");
  }

  /** Coerces, fills defaults, rejects unknown or missing names, then runs the constructor. */
  Schedule create(Map<String, ?> raw) {
    Map<String, Param> byName = new LinkedHashMap<>();
    for (Param p : params) {
      byName.put(p.name(), p);
    }
    // Report unknown names in a stable order whatever map type the caller used.
    for (String key : new TreeMap<String, Object>(raw).keySet()) {
      if (!byName.containsKey(key)) {
        throw new InvalidScheduleException(
            name,
            key,
            raw.get(key),
            "is not a parameter of " + name + " (it takes " + String.join(", ", names()) + ")");
      }
    }
    Map<String, Object> values = new TreeMap<>();
    for (Param p : params) {
      if (raw.containsKey(p.name())) {
        values.put(p.name(), p.coerce(name, raw.get(p.name())));
      } else if (p.defaultValue().isPresent()) {
        values.put(p.name(), p.defaultValue().get());
      } else {
        throw new InvalidScheduleException(name, p.name(), "nothing", "is required");
      }
    }
    return factory.apply(new Args(values));
  }

  /** The parameter names, sorted. */
  List<String> names() {
    List<String> out = new ArrayList<>();
    for (Param p : params) {
      out.add(p.name());
    }
    Collections.sort(out);
    return out;
  }

  /** The default of every parameter that has one, in canonical types. */
  SortedMap<String, Object> defaults() {
    SortedMap<String, Object> out = new TreeMap<>();
    for (Param p : params) {
      p.defaultValue().ifPresent(v -> out.put(p.name(), v));
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** Canonical, complete parameter values handed to a record's constructor. */
  static final class Args {
    private final Map<String, Object> values;

    Args(Map<String, Object> values) {
      this.values = values;
    }

    double real(String key) {
      return (Double) values.get(key);
    }

    long whole(String key) {
      return (Long) values.get(key);
    }

    boolean flag(String key) {
      return (Boolean) values.get(key);
    }

    String choice(String key) {
      return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    List<Double> reals(String key) {
      return (List<Double>) values.get(key);
    }

    @SuppressWarnings("unchecked")
    List<Long> wholes(String key) {
      return (List<Long>) values.get(key);
    }

    Schedule.Unit unit() {
      return Schedule.Unit.valueOf(choice("unit").toUpperCase(java.util.Locale.ROOT));
    }
  }
}
