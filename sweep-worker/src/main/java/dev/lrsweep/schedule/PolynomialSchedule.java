package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code polynomial}: Keras {@code PolynomialDecay(initial_learning_rate, decay_steps,
 * end_learning_rate, power, cycle)},
 *
 * <pre>lr(t) = (lr0 - end_lr) * (1 - s / d) ^ power + end_lr</pre>
 *
 * <p>Without {@code cycle}, {@code s = min(t, decay_steps)} and {@code d = decay_steps}: the rate
 * reaches {@code end_lr} at {@code decay_steps} and stays there. With {@code cycle}, {@code s = t}
 * and {@code d = decay_steps * ceil(t / decay_steps)}, the first multiple of {@code decay_steps}
 * not below {@code t}, with the multiplier 1 at {@code t = 0} (Keras's special case, which avoids
 * 0/0): the rate reaches {@code end_lr} at every multiple of {@code decay_steps} and jumps back up
 * one step later, to a lower peak each cycle. {@code power = 1} is linear decay. Unlike ND4J's
 * {@code PolySchedule}, this never rises above {@code lr0} when {@code end_lr <= lr0}.
 *
 * @param lr0 the starting rate, finite and {@code > 0}
 * @param endLr the rate at {@code decay_steps}, finite and {@code >= 0}
 * @param decaySteps the steps to decay over, {@code >= 1}
 * @param power the polynomial's power, finite and {@code > 0} (default 1)
 * @param cycle whether to restart after {@code decay_steps} (default false)
 * @param unit the counter {@code t} counts (default epoch)
 */
public record PolynomialSchedule(
    double lr0, double endLr, long decaySteps, double power, boolean cycle, Unit unit)
    implements Schedule {
  static final String NAME = "polynomial";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(
              Param.real("lr0"),
              Param.real("end_lr"),
              Param.whole("decay_steps"),
              Param.real("power", 1.0),
              Param.flag("cycle", false),
              Param.unit(Unit.EPOCH)),
          a ->
              new PolynomialSchedule(
                  a.real("lr0"),
                  a.real("end_lr"),
                  a.whole("decay_steps"),
                  a.real("power"),
                  a.flag("cycle"),
                  a.unit()));

  public PolynomialSchedule {
    Rules.positive(NAME, "lr0", lr0);
    Rules.nonNegative(NAME, "end_lr", endLr);
    Rules.atLeastOne(NAME, "decay_steps", decaySteps);
    Rules.positive(NAME, "power", power);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    Rules.counter(t);
    double p;
    if (cycle) {
      // ceil(t / decay_steps) in exact integer arithmetic; 1 at t = 0 as in Keras.
      long multiplier = t == 0 ? 1 : (t + decaySteps - 1) / decaySteps;
      p = (double) t / (decaySteps * multiplier);
    } else {
      p = (double) Math.min(t, decaySteps) / decaySteps;
    }
    return (lr0 - endLr) * Math.pow(1 - p, power) + endLr;
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap()
        .put("lr0", lr0)
        .put("end_lr", endLr)
        .put("decay_steps", decaySteps)
        .put("power", power)
        .put("cycle", cycle)
        .with(unit);
  }
}
