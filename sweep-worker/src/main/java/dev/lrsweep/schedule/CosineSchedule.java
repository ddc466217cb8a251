package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code cosine}: Keras {@code CosineDecay(initial_learning_rate, decay_steps, alpha)} without
 * warmup (for warmup see {@link WarmupCosineSchedule}),
 *
 * <pre>s = min(t, decay_steps)
 *lr(t) = lr0 * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)</pre>
 *
 * <p>The rate falls from {@code lr0} to {@code alpha * lr0} over {@code decay_steps} and stays
 * there. Loshchilov &amp; Hutter, SGDR, ICLR 2017 (arXiv:1608.03983).
 *
 * @param lr0 the starting rate, finite and {@code > 0}
 * @param decaySteps the steps to decay over, {@code >= 1}
 * @param alpha the final rate as a fraction of {@code lr0}, in [0, 1] (default 0)
 * @param unit the counter {@code t} counts (default epoch)
 */
public record CosineSchedule(double lr0, long decaySteps, double alpha, Unit unit)
    implements Schedule {
  static final String NAME = "cosine";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(
              Param.real("lr0"),
              Param.whole("decay_steps"),
              Param.real("alpha", 0.0),
              Param.unit(Unit.EPOCH)),
          a ->
              new CosineSchedule(
                  a.real("lr0"), a.whole("decay_steps"), a.real("alpha"), a.unit()));

  public CosineSchedule {
    Rules.positive(NAME, "lr0", lr0);
    Rules.atLeastOne(NAME, "decay_steps", decaySteps);
    Rules.closedFraction(NAME, "alpha", alpha);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    double fraction = (double) Math.min(Rules.counter(t), decaySteps) / decaySteps;
    double cosine = 0.5 * (1 + Math.cos(Math.PI * fraction));
    return lr0 * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap()
        .put("lr0", lr0)
        .put("decay_steps", decaySteps)
        .put("alpha", alpha)
        .with(unit);
  }
}
