package dev.lrsweep.config;

import java.util.Objects;

/**
 * One configuration problem, printed as {@code location: key = value: rule}, for example
 * {@code conf/quick.conf:12: grid[1].factor = 1.5: step: factor must be in (0, 1], found 1.5}.
 *
 * @param location where the value came from: {@code file:line}, {@code reference.conf:line} or
 *     {@code --set key}
 * @param key the config path, e.g. {@code training.epochs} or {@code grid[1].factor}
 * @param value the offending value as HOCON renders it (empty when the key is missing)
 * @param rule what was expected and, where useful, what was found
 */
public record ConfigError(String location, String key, String value, String rule) {
  public ConfigError {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(rule, "rule");
    value = value == null ? "" : value;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(location).append(": ").append(key);
    if (!value.isEmpty()) {
      s.append(" = ").append(value);
    }
    return s.append(": ").append(rule).toString();
  }
}
