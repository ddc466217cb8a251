package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code time_decay}: the legacy Keras optimizer argument {@code decay} (Keras 2 {@code SGD(lr,
 * decay=...)}), which rescales the rate before every update by the number of updates done so far:
 *
 * <pre>lr(t) = lr0 / (1 + decay * t)</pre>
 *
 * <p>Its unit defaults to {@code iteration} because Keras counts optimizer updates, not epochs.
 * PyImageSearch's MiniVGGNet article uses {@code decay = 0.01 / 40}. Keras 2.3+ names the same
 * curve {@code InverseTimeDecay(lr0, decay_steps=1, decay_rate=decay)}.
 *
 * @param lr0 the starting rate, finite and {@code > 0}
 * @param decay the decay per step, finite and {@code >= 0} (0 keeps the rate constant)
 * @param unit the counter {@code t} counts (default iteration)
 */
public record TimeDecaySchedule(double lr0, double decay, Unit unit) implements Schedule {
  static final String NAME = "time_decay";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(Param.real("lr0"), Param.real("decay"), Param.unit(Unit.ITERATION)),
          a -> new TimeDecaySchedule(a.real("lr0"), a.real("decay"), a.unit()));

  public TimeDecaySchedule {
    Rules.positive(NAME, "lr0", lr0);
    Rules.nonNegative(NAME, "decay", decay);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    return lr0 / (1 + decay * Rules.counter(t));
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap().put("lr0", lr0).put("decay", decay).with(unit);
  }
}
