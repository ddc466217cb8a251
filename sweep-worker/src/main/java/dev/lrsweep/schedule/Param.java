package dev.lrsweep.schedule;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One parameter of a family: its snake_case name, its kind and its default (empty when
 * required). It turns the loosely typed values that configs and the command line give (Numbers,
 * Booleans, Strings, Lists) into one canonical type per kind: Double, Long, Boolean, String,
 * List of Double or List of Long, so that a schedule built from its own {@link
 * Schedule#params()} is equal to the original.
 */
record Param(String name, Kind kind, Optional<Object> defaultValue, List<String> choices) {

  /** What a parameter holds. */
  enum Kind {
    REAL("a number"),
    WHOLE("a whole number"),
    FLAG("true or false"),
    CHOICE("one of the listed words"),
    REAL_LIST("a list of numbers"),
    WHOLE_LIST("a list of whole numbers");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }
  }

  Param {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(defaultValue, "defaultValue");
    choices = List.copyOf(choices);
  }

  static Param real(String name) {
    return new Param(name, Kind.REAL, Optional.empty(), List.of());
  }

  static Param real(String name, double defaultValue) {
    return new Param(name, Kind.REAL, Optional.of(defaultValue), List.of());
  }

  static Param whole(String name) {
    return new Param(name, Kind.WHOLE, Optional.empty(), List.of());
  }

  static Param whole(String name, long defaultValue) {
    return new Param(name, Kind.WHOLE, Optional.of(defaultValue), List.of());
  }

  static Param flag(String name, boolean defaultValue) {
    return new Param(name, Kind.FLAG, Optional.of(defaultValue), List.of());
  }

  static Param choice(String name, String defaultValue, List<String> choices) {
    return new Param(name, Kind.CHOICE, Optional.of(defaultValue), choices);
  }

  static Param unit(Schedule.Unit defaultUnit) {
    List<String> units = List.of(Schedule.Unit.EPOCH.key(), Schedule.Unit.ITERATION.key());
    return choice("unit", defaultUnit.key(), units);
  }

  static Param reals(String name) {
    return new Param(name, Kind.REAL_LIST, Optional.empty(), List.of());
  }

  static Param wholes(String name) {
    return new Param(name, Kind.WHOLE_LIST, Optional.empty(), List.of());
  }

  /** The canonical value of {@code raw} for this parameter of {@code family}. */
  Object coerce(String family, Object raw) {
    return switch (kind) {
      case REAL -> toReal(family, raw, raw);
      case WHOLE -> toWhole(family, raw, raw);
      case FLAG -> toFlag(family, raw);
      case CHOICE -> toChoice(family, raw);
      case REAL_LIST -> {
        List<Double> out = new ArrayList<>();
        for (Object item : items(raw)) {
          out.add(toReal(family, item, raw));
        }
        yield List.copyOf(out);
      }
      case WHOLE_LIST -> {
        List<Long> out = new ArrayList<>();
        for (Object item : items(raw)) {
          out.add(toWhole(family, item, raw));
        }
        yield List.copyOf(out);
      }
    };
  }

  private InvalidScheduleException wrongType(String family, Object whole) {
    return new InvalidScheduleException(family, name, show(whole), "must be " + kind.expected);
  }

  private static String show(Object raw) {
    return raw instanceof String s ? "'" + s + "'" : String.valueOf(raw);
  }

  private Double toReal(String family, Object item, Object whole) {
    double d;
    if (item instanceof Number n) {
      d = n.doubleValue();
    } else if (item instanceof String s) {
      try {
        d = Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw wrongType(family, whole);
      }
    } else {
      throw wrongType(family, whole);
    }
    // -0.0 + 0.0 is 0.0: keeps labels and equality free of a signed zero.
    return d + 0.0;
  }

  private Long toWhole(String family, Object item, Object whole) {
    if (item instanceof Long || item instanceof Integer || item instanceof Short
        || item instanceof Byte) {
      return ((Number) item).longValue();
    }
    BigDecimal exact;
    try {
      if (item instanceof Number n) {
        if (!Double.isFinite(n.doubleValue())) {
          throw wrongType(family, whole);
        }
        exact = new BigDecimal(n.toString());
      } else if (item instanceof String s) {
        exact = new BigDecimal(s.trim());
      } else {
        throw wrongType(family, whole);
      }
      // 5.0 is a whole number; 5.5 is not.
      return exact.stripTrailingZeros().longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw wrongType(family, whole);
    }
  }

  private Boolean toFlag(String family, Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String s) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.equals("true")) {
        return true;
      }
      if (t.equals("false")) {
        return false;
      }
    }
    throw wrongType(family, raw);
  }

  private String toChoice(String family, Object raw) {
    if (raw instanceof String || raw instanceof Enum<?>) {
      String t = raw.toString().trim().toLowerCase(Locale.ROOT);
      if (choices.contains(t)) {
        return t;
      }
    }
    throw new InvalidScheduleException(
        family, name, show(raw), "must be one of " + String.join(", ", choices));
  }

  /** The items of a list value: a List, a comma-separated String ("3,5" or "[3, 5]"), or one. */
  private static List<?> items(Object raw) {
    if (raw instanceof List<?> list) {
      return list;
    }
    if (raw instanceof String s) {
      String t = s.trim();
      if (t.startsWith("[") && t.endsWith("]")) {
        t = t.substring(1, t.length() - 1).trim();
      }
      if (t.isEmpty()) {
        return List.of();
      }
      return List.of(t.split("\\s*,\\s*", -1));
    }
    return raw == null ? Collections.singletonList(null) : List.of(raw);
  }
}
