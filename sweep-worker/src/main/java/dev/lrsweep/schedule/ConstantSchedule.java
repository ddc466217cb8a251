package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code constant}: the same rate at every step, {@code lr(t) = lr}. The baseline every sweep
 * compares against (Keras: a plain float {@code learning_rate}).
 *
 * @param lr the rate, finite and {@code > 0}
 * @param unit the counter (irrelevant to the value; kept so every family has one)
 */
public record ConstantSchedule(double lr, Unit unit) implements Schedule {
  static final String NAME = "constant";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(Param.real("lr"), Param.unit(Unit.EPOCH)),
          a -> new ConstantSchedule(a.real("lr"), a.unit()));

  public ConstantSchedule {
    Rules.positive(NAME, "lr", lr);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    Rules.counter(t);
    return lr;
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap().put("lr", lr).with(unit);
  }
}
