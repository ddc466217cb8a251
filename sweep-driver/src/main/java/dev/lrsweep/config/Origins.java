package dev.lrsweep.config;

import com.typesafe.config.ConfigOrigin;

/** Renders a Typesafe origin the way our errors quote it: {@code file:line} or {@code --set key}. */
final class Origins {
  /** Origin description prefix of values that came from {@code --set key=value}. */
  static final String SET_PREFIX = "--set ";

  private Origins() {}

  static String format(ConfigOrigin origin) {
    if (origin == null) {
      return "(unknown)";
    }
    int line = origin.lineNumber();
    String where;
    if (origin.filename() != null) {
      where = origin.filename();
    } else if (origin.resource() != null) {
      where = origin.resource();
    } else {
      // parseString origins carry our own description plus Typesafe's ": <line>"; the line of a
      // one-line --set is meaningless, so it is dropped
      String d = origin.description();
      return d.startsWith(SET_PREFIX) ? d.replaceFirst(":\\s*\\d+$", "") : d;
    }
    return line > 0 ? where + ":" + line : where;
  }
}
