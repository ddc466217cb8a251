package dev.lrsweep.schedule;

/**
 * A schedule parameter broke a rule. The message names the family, the parameter, the value and
 * the rule, e.g. {@code step: factor must be in (0, 1], found 1.5}; the parts are also
 * available separately so a config loader can add the file and line.
 */
public class InvalidScheduleException extends IllegalArgumentException {
  private final String family;
  private final String parameter;
  private final String value;
  private final String rule;

  public InvalidScheduleException(String family, String parameter, Object value, String rule) {
    super(family + ": " + parameter + " " + rule + ", found " + value);
    this.family = family;
    this.parameter = parameter;
    this.value = String.valueOf(value);
    this.rule = rule;
  }

  /** The family name as given. */
  public String family() {
    return family;
  }

  /** The offending parameter, or {@code "family"} for an unknown family name. */
  public String parameter() {
    return parameter;
  }

  /** The offending value, as text. */
  public String value() {
    return value;
  }

  /** The rule it broke, e.g. "must be in (0, 1]". */
  public String rule() {
    return rule;
  }
}
