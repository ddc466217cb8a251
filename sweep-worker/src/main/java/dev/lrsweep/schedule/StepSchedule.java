package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code step}: drop the rate by {@code factor} every {@code drop_every} steps,
 *
 * <pre>lr(t) = lr0 * factor ^ floor((offset + t) / drop_every)</pre>
 *
 * <p>With {@code offset = 1} (the default) this is the {@code StepDecay} of PyImageSearch's
 * "Keras learning rate schedules and decay" (MiniVGGNet on CIFAR-10), which computes
 * {@code initAlpha * factor ** floor((1 + epoch) / dropEvery)} from a 0-based epoch, so the
 * first drop comes at epoch {@code drop_every - 1}. With {@code offset = 0} it is the plain
 * Keras {@code step_decay} callback, {@code lr0 * drop ** floor(epoch / epochs_drop)}, which
 * drops at epoch {@code drop_every} (as does ND4J's {@code StepSchedule}).
 *
 * @param lr0 the starting rate, finite and {@code > 0}
 * @param factor the multiplier per drop, in (0, 1]
 * @param dropEvery steps between drops, {@code >= 1}
 * @param offset added to the counter before dividing, {@code >= 0}
 * @param unit the counter {@code t} counts (default epoch)
 */
public record StepSchedule(double lr0, double factor, long dropEvery, long offset, Unit unit)
    implements Schedule {
  static final String NAME = "step";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(
              Param.real("lr0"),
              Param.real("factor"),
              Param.whole("drop_every"),
              Param.whole("offset", 1L),
              Param.unit(Unit.EPOCH)),
          a ->
              new StepSchedule(
                  a.real("lr0"),
                  a.real("factor"),
                  a.whole("drop_every"),
                  a.whole("offset"),
                  a.unit()));

  public StepSchedule {
    Rules.positive(NAME, "lr0", lr0);
    Rules.fraction(NAME, "factor", factor);
    Rules.atLeastOne(NAME, "drop_every", dropEvery);
    Rules.atLeastZero(NAME, "offset", offset);
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    long drops = (offset + Rules.counter(t)) / dropEvery;
    return lr0 * Math.pow(factor, drops);
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap()
        .put("lr0", lr0)
        .put("factor", factor)
        .put("drop_every", dropEvery)
        .put("offset", offset)
        .with(unit);
  }
}
