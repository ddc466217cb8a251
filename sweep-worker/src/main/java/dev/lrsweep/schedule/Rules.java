package dev.lrsweep.schedule;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checks the records' compact constructors share, so every family words the same rule the
 * same way, and the builder of the sorted parameter maps.
 */
final class Rules {
  private Rules() {}

  /** A learning rate or scale: finite and strictly positive. */
  static double positive(String family, String param, double value) {
    if (!(Double.isFinite(value) && value > 0)) {
      throw new InvalidScheduleException(family, param, value, "must be a finite number > 0");
    }
    return value;
  }

  /** Finite and at least 0. */
  static double nonNegative(String family, String param, double value) {
    if (!(Double.isFinite(value) && value >= 0)) {
      throw new InvalidScheduleException(family, param, value, "must be a finite number >= 0");
    }
    return value;
  }

  /** A multiplicative decay: in (0, 1]. */
  static double fraction(String family, String param, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new InvalidScheduleException(family, param, value, "must be in (0, 1]");
    }
    return value;
  }

  /** In [0, 1]. */
  static double closedFraction(String family, String param, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidScheduleException(family, param, value, "must be in [0, 1]");
    }
    return value;
  }

  /** A step count: at least 1. */
  static long atLeastOne(String family, String param, long value) {
    if (value < 1) {
      throw new InvalidScheduleException(family, param, value, "must be >= 1");
    }
    return value;
  }

  /** A counter offset: at least 0. */
  static long atLeastZero(String family, String param, long value) {
    if (value < 0) {
      throw new InvalidScheduleException(family, param, value, "must be >= 0");
    }
    return value;
  }

  static Schedule.Unit unit(String family, Schedule.Unit unit) {
    if (unit == null) {
      throw new InvalidScheduleException(family, "unit", null, "must be epoch or iteration");
    }
    return unit;
  }

  static <T> List<T> list(String family, String param, List<T> values) {
    // List.of(...).contains(null) throws, so look for nulls by hand.
    if (values == null || values.stream().anyMatch(Objects::isNull)) {
      throw new InvalidScheduleException(family, param, values, "must be a list without nulls");
    }
    return List.copyOf(values);
  }

  /** Rejects a negative counter: schedules are defined from 0 on. */
  static long counter(long t) {
    if (t < 0) {
      throw new IllegalArgumentException("counter must be >= 0, found " + t);
    }
    return t;
  }

  /** Builds the sorted, unmodifiable map {@link Schedule#params()} returns. */
  static final class ParamMap {
    private final SortedMap<String, Object> map = new TreeMap<>();

    ParamMap put(String key, Object value) {
      map.put(key, Objects.requireNonNull(value, key));
      return this;
    }

    SortedMap<String, Object> with(Schedule.Unit unit) {
      map.put("unit", unit.key());
      return Collections.unmodifiableSortedMap(map);
    }
  }
}
