package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code cosine_restarts}: Keras {@code CosineDecayRestarts(initial_learning_rate,
 * first_decay_steps, t_mul, m_mul, alpha)}, SGDR (Loshchilov &amp; Hutter, ICLR 2017,
 * arXiv:1608.03983).
 *
 * <p>Period {@code i} (from 0) lasts {@code first_decay_steps * t_mul^i} steps and starts at
 * {@code S_i = first_decay_steps * (t_mul^i - 1) / (t_mul - 1)} ({@code first_decay_steps * i}
 * when {@code t_mul = 1}). With {@code i} the period containing {@code t} ({@code S_i <= t <
 * S_(i+1)}) and {@code f = (t - S_i) / (first_decay_steps * t_mul^i)} the fraction of it done,
 *
 * <pre>lr(t) = lr0 * ((1 - alpha) * 0.5 * m_mul^i * (1 + cos(pi * f)) + alpha)</pre>
 *
 * <p>Keras finds {@code i} as {@code floor(t / first_decay_steps)} when {@code t_mul == 1} and
 * as {@code floor(log(1 - (t / first_decay_steps) * (1 - t_mul)) / log(t_mul))} otherwise. The
 * logarithm can land just below a whole number exactly at a restart (e.g. log 9 / log 3), which
 * would put the restart one step late; here the estimate is corrected against {@code S_i} so
 * that the rate is back at its peak exactly at each restart. As in Keras, {@code alpha} is not
 * scaled by {@code m_mul^i}, and restarts go on forever.
 *
 * @param lr0 the starting rate, finite and {@code > 0}
 * @param firstDecaySteps the length of the first period, {@code >= 1}
 * @param tMul each period's length relative to the previous, finite and {@code >= 1} (default
 *     2). Keras also takes values below 1, but then the periods sum to a finite length after
 *     which its formula returns NaN.
 * @param mMul each period's peak relative to the previous, in (0, 1] (default 1)
 * @param alpha the floor as a fraction of {@code lr0}, in [0, 1] (default 0)
 * @param unit the counter {@code t} counts (default epoch)
 */
public record CosineRestartsSchedule(
    double lr0, long firstDecaySteps, double tMul, double mMul, double alpha, Unit unit)
    implements Schedule {
  static final String NAME = "cosine_restarts";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(
              Param.real("lr0"),
              Param.whole("first_decay_steps"),
              Param.real("t_mul", 2.0),
              Param.real("m_mul", 1.0),
              Param.real("alpha", 0.0),
              Param.unit(Unit.EPOCH)),
          a ->
              new CosineRestartsSchedule(
                  a.real("lr0"),
                  a.whole("first_decay_steps"),
                  a.real("t_mul"),
                  a.real("m_mul"),
                  a.real("alpha"),
                  a.unit()));

  public CosineRestartsSchedule {
    Rules.positive(NAME, "lr0", lr0);
    Rules.atLeastOne(NAME, "first_decay_steps", firstDecaySteps);
    if (!(Double.isFinite(tMul) && tMul >= 1)) {
      throw new InvalidScheduleException(NAME, "t_mul", tMul, "must be a finite number >= 1");
    }
    Rules.fraction(NAME, "m_mul", mMul);
    Rules.closedFraction(NAME, "alpha", alpha);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    Rules.counter(t);
    long restart;
    double fraction;
    if (tMul == 1.0) {
      restart = t / firstDecaySteps;
      fraction = (double) (t - restart * firstDecaySteps) / firstDecaySteps;
    } else {
      double periods = (double) t / firstDecaySteps;
      restart = (long) Math.floor(Math.log(1 + periods * (tMul - 1)) / Math.log(tMul));
      // Correct the logarithm's rounding against the exact period starts.
      while (start(restart + 1) <= periods) {
        restart++;
      }
      while (restart > 0 && start(restart) > periods) {
        restart--;
      }
      fraction = (periods - start(restart)) / Math.pow(tMul, restart);
    }
    double cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
    return lr0 * ((1 - alpha) * cosine + alpha);
  }

  /** Where period {@code i} starts, in units of {@code first_decay_steps} (t_mul != 1). */
  private double start(long i) {
    return (Math.pow(tMul, i) - 1) / (tMul - 1);
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap()
        .put("lr0", lr0)
        .put("first_decay_steps", firstDecaySteps)
        .put("t_mul", tMul)
        .put("m_mul", mMul)
        .put("alpha", alpha)
        .with(unit);
  }
}
