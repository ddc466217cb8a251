package dev.lrsweep.schedule;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Builds schedules by family name: the one place that maps {@code step}, {@code cosine}, ... to
 * the records that implement them, and that turns a schedule into its short label.
 */
public final class ScheduleRegistry {
  private static final SortedMap<String, Family> FAMILIES = index(
      ConstantSchedule.FAMILY,
      StepSchedule.FAMILY,
      TimeDecaySchedule.FAMILY,
      PiecewiseSchedule.FAMILY,
      ExponentialSchedule.FAMILY,
      PolynomialSchedule.FAMILY,
      CosineSchedule.FAMILY,
      CosineRestartsSchedule.FAMILY,
      WarmupCosineSchedule.FAMILY);

  private ScheduleRegistry() {}

  private static SortedMap<String, Family> index(Family... families) {
    SortedMap<String, Family> map = new TreeMap<>();
    for (Family f : families) {
      if (map.put(f.name(), f) != null) {
        throw new IllegalStateException("two schedule families named " + f.name());
      }
    }
    return Collections.unmodifiableSortedMap(map);
  }

  /** The valid family names, sorted. */
  public static List<String> families() {
    return List.copyOf(FAMILIES.keySet());
  }

  /**
   * Builds a schedule of {@code family} from snake_case parameters. Values may be Numbers,
   * Booleans, Strings (parsed: "0.5", "true", "epoch", "3,5" for lists) or Lists of those;
   * parameters left out take their defaults.
   *
   * @throws InvalidScheduleException for an unknown family (the message lists the valid ones),
   *     an unknown or missing parameter, or a value that breaks a rule
   */
  public static Schedule create(String family, Map<String, ?> params) {
    Objects.requireNonNull(params, "params");
    return lookup(family).create(params);
  }

  /**
   * The sorted names of {@code family}'s parameters, {@code unit} included.
   *
   * @throws InvalidScheduleException for an unknown family
   */
  public static List<String> parameterNames(String family) {
    return lookup(family).names();
  }

  /**
   * The defaults of {@code family}'s optional parameters, in the types {@link Schedule#params()}
   * uses; required parameters are absent.
   *
   * @throws InvalidScheduleException for an unknown family
   */
  public static SortedMap<String, Object> defaults(String family) {
    return lookup(family).defaults();
  }

  /**
   * A short, deterministic label: the family and, sorted by name, every parameter whose value
   * differs from its default, e.g. {@code step(drop_every=5,factor=0.5,lr0=0.01)}. Numbers are
   * written in their shortest exact form (0.01, 5, 1E-7), lists in brackets ({@code [3,5]}).
   * {@link Schedule#params()} has the complete set.
   */
  public static String label(Schedule schedule) {
    SortedMap<String, Object> defaults = defaults(schedule.family());
    StringJoiner out = new StringJoiner(",", schedule.family() + "(", ")");
    for (Map.Entry<String, Object> e : schedule.params().entrySet()) {
      if (!e.getValue().equals(defaults.get(e.getKey()))) {
        out.add(e.getKey() + "=" + format(e.getValue()));
      }
    }
    return out.toString();
  }

  /** A parameter value as labels write it. */
  static String format(Object value) {
    if (value instanceof Double d) {
      // valueOf goes through Double.toString, the shortest decimal that reads back as d.
      BigDecimal exact = BigDecimal.valueOf(d).stripTrailingZeros();
      if (exact.scale() < 0) {
        exact = exact.setScale(0);
      }
      return exact.toString();
    }
    if (value instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object item : list) {
        items.add(format(item));
      }
      return "[" + String.join(",", items) + "]";
    }
    return String.valueOf(value);
  }

  private static Family lookup(String family) {
    Family f = FAMILIES.get(family);
    if (f == null) {
      throw new InvalidScheduleException(
          String.valueOf(family),
          "family",
          family,
          "must be one of " + String.join(", ", FAMILIES.keySet()));
    }
    return f;
  }
}
