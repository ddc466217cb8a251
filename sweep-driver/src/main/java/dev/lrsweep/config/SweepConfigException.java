package dev.lrsweep.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The sweep configuration is invalid. Carries every problem found, not just the first, so a user
 * fixes them in one round; the message lists them one per line.
 */
public class SweepConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigError> errors;

  public SweepConfigException(List<ConfigError> errors) {
    super(format(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a SweepConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** Every problem, in the order found (file order for values, then grid-level checks). */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String format(List<ConfigError> errors) {
    return errors.size()
        + (errors.size() == 1 ? " configuration error:" : " configuration errors:")
        + errors.stream().map(e -> "\n  " + e).collect(Collectors.joining());
  }
}
