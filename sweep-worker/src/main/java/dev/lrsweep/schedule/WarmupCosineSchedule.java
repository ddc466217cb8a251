package dev.lrsweep.schedule;

import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * {@code warmup_cosine}: a warmup to {@code lr_max}, then a cosine decay to 0 at {@code
 * total_steps}. During warmup ({@code t < warmup_steps}):
 *
 * <pre>linear: lr(t) = lr_max * t / warmup_steps          (Keras CosineDecay's warmup from 0)
 *log:    lr(t) = lr_max * 0.1 ^ (warmup_steps - t)     (one decade per step)
 *exp:    lr(t) = lr_max * 2 ^ -(warmup_steps - t)      (doubling per step)</pre>
 *
 * <p>After it, with {@code progress = (min(t, total_steps) - warmup_steps) / max(1, total_steps -
 * warmup_steps)},
 *
 * <pre>lr(t) = lr_max * max(0, 0.5 * (1 + cos(pi * cycles * 2 * progress)))</pre>
 *
 * <p>which is Hugging Face's {@code get_cosine_schedule_with_warmup}; {@code cycles = 0.5} (the
 * default) is one half cosine, from {@code lr_max} at {@code warmup_steps} to 0 at {@code
 * total_steps}. Beyond {@code total_steps} the rate holds its value there, as Keras {@code
 * CosineDecay} clamps its step, rather than going round the cosine again. Note that the linear
 * warmup gives a rate of 0 at {@code t = 0}.
 *
 * @param lrMax the peak rate, finite and {@code > 0}
 * @param warmupSteps the warmup length, {@code >= 0} and below {@code total_steps}
 * @param totalSteps where the schedule ends, {@code >= 1}
 * @param warmup the warmup shape (default linear)
 * @param cycles how many cosine cycles the decay runs, finite and {@code > 0} (default 0.5)
 * @param unit the counter {@code t} counts (default epoch)
 */
public record WarmupCosineSchedule(
    double lrMax, long warmupSteps, long totalSteps, Warmup warmup, double cycles, Unit unit)
    implements Schedule {
  static final String NAME = "warmup_cosine";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(
              Param.real("lr_max"),
              Param.whole("warmup_steps"),
              Param.whole("total_steps"),
              Param.choice("warmup", "linear", List.of("linear", "log", "exp")),
              Param.real("cycles", 0.5),
              Param.unit(Unit.EPOCH)),
          a ->
              new WarmupCosineSchedule(
                  a.real("lr_max"),
                  a.whole("warmup_steps"),
                  a.whole("total_steps"),
                  Warmup.valueOf(a.choice("warmup").toUpperCase(Locale.ROOT)),
                  a.real("cycles"),
                  a.unit()));

  /** The warmup curve's shape. */
  public enum Warmup {
    LINEAR,
    LOG,
    EXP;

    /** The lower-case name used in configs and labels. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public WarmupCosineSchedule {
    Rules.positive(NAME, "lr_max", lrMax);
    Rules.atLeastZero(NAME, "warmup_steps", warmupSteps);
    Rules.atLeastOne(NAME, "total_steps", totalSteps);
    if (warmupSteps >= totalSteps) {
      throw new InvalidScheduleException(
          NAME,
          "warmup_steps",
          warmupSteps,
          "must be below total_steps (" + totalSteps + ") so that some decay remains");
    }
    if (warmup == null) {
      throw new InvalidScheduleException(NAME, "warmup", null, "must be linear, log or exp");
    }
    Rules.positive(NAME, "cycles", cycles);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    Rules.counter(t);
    if (t < warmupSteps) {
      long left = warmupSteps - t;
      return switch (warmup) {
        case LINEAR -> lrMax * t / warmupSteps;
        case LOG -> lrMax * Math.pow(0.1, left);
        case EXP -> lrMax * Math.pow(2, -left);
      };
    }
    double progress =
        (double) (Math.min(t, totalSteps) - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return lrMax * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * cycles * 2 * progress)));
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap()
        .put("lr_max", lrMax)
        .put("warmup_steps", warmupSteps)
        .put("total_steps", totalSteps)
        .put("warmup", warmup.key())
        .put("cycles", cycles)
        .with(unit);
  }
}
