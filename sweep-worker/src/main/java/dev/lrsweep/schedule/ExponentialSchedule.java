package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code exponential}: Keras {@code ExponentialDecay(initial_learning_rate, decay_steps,
 * decay_rate, staircase)},
 *
 * <pre>lr(t) = lr0 * decay_rate ^ (t / decay_steps)          (staircase = false)
 *lr(t) = lr0 * decay_rate ^ floor(t / decay_steps)   (staircase = true)</pre>
 *
 * <p>Keras leaves {@code decay_rate} unchecked; here it must be in (0, 1] so that a typo such as
 * 96 for 0.96 is an error rather than a rate that grows without bound.
 *
 * @param lr0 the starting rate, finite and {@code > 0}
 * @param decayRate the multiplier per {@code decay_steps}, in (0, 1]
 * @param decaySteps the steps over which the rate is multiplied once by {@code decay_rate}, {@code
 *     >= 1}
 * @param staircase whether the exponent is floored
 * @param unit the counter {@code t} counts (default epoch)
 */
public record ExponentialSchedule(
    double lr0, double decayRate, long decaySteps, boolean staircase, Unit unit)
    implements Schedule {
  static final String NAME = "exponential";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(
              Param.real("lr0"),
              Param.real("decay_rate"),
              Param.whole("decay_steps"),
              Param.flag("staircase", false),
              Param.unit(Unit.EPOCH)),
          a ->
              new ExponentialSchedule(
                  a.real("lr0"),
                  a.real("decay_rate"),
                  a.whole("decay_steps"),
                  a.flag("staircase"),
                  a.unit()));

  public ExponentialSchedule {
    Rules.positive(NAME, "lr0", lr0);
    Rules.fraction(NAME, "decay_rate", decayRate);
    Rules.atLeastOne(NAME, "decay_steps", decaySteps);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    Rules.counter(t);
    double p = staircase ? (double) (t / decaySteps) : (double) t / decaySteps;
    return lr0 * Math.pow(decayRate, p);
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap()
        .put("lr0", lr0)
        .put("decay_rate", decayRate)
        .put("decay_steps", decaySteps)
        .put("staircase", staircase)
        .with(unit);
  }
}
