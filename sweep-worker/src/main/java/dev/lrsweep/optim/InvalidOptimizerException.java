package dev.lrsweep.optim;

/**
 * An optimizer name or parameter the registry rejects. Carries the pieces a configuration error
 * needs: the optimizer, the parameter ({@code optimizer} for the name itself), the value and the
 * rule it breaks.
 */
public final class InvalidOptimizerException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String optimizer;
  private final String parameter;
  private final transient Object value;
  private final String rule;

  public InvalidOptimizerException(String optimizer, String parameter, Object value, String rule) {
    super(optimizer + ": " + parameter + " " + rule + ", found " + value);
    this.optimizer = optimizer;
    this.parameter = parameter;
    this.value = value;
    this.rule = rule;
  }

  public String optimizer() {
    return optimizer;
  }

  public String parameter() {
    return parameter;
  }

  public Object value() {
    return value;
  }

  public String rule() {
    return rule;
  }
}
