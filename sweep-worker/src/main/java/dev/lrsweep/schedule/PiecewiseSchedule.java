package dev.lrsweep.schedule;

import java.util.List;
import java.util.SortedMap;

/**
 * {@code piecewise}: a rate per interval, switching <em>at</em> each boundary,
 *
 * <pre>lr(t) = values[i], i = the number of boundaries b with b &lt;= t</pre>
 *
 * <p>This is the Keras {@code LearningRateScheduler} style of the seed article, whose function
 * reads {@code if epoch >= 3: return 0.001}: {@code boundaries = [3, 5]}, {@code values =
 * [0.002, 0.001, 0.0005]} gives 0.002 for epochs 0-2, 0.001 for epochs 3-4 and 0.0005 from
 * epoch 5 on.
 *
 * <p>Keras {@code PiecewiseConstantDecay(boundaries, values)} switches <em>after</em> each
 * boundary ({@code values[1]} when {@code step > boundaries[0]}). The same curve here has every
 * boundary plus one: Keras {@code boundaries=[100000, 110000]} is {@code boundaries = [100001,
 * 110001]} with the same values, in unit iteration.
 *
 * @param boundaries the counter values where the rate changes, strictly ascending, {@code >= 0},
 *     at least one
 * @param values the rates, one more than boundaries, each finite and {@code > 0}
 * @param unit the counter {@code t} counts (default epoch)
 */
public record PiecewiseSchedule(List<Long> boundaries, List<Double> values, Unit unit)
    implements Schedule {
  static final String NAME = "piecewise";
  static final Family FAMILY =
      new Family(
          NAME,
          List.of(Param.wholes("boundaries"), Param.reals("values"), Param.unit(Unit.EPOCH)),
          a -> new PiecewiseSchedule(a.wholes("boundaries"), a.reals("values"), a.unit()));

  public PiecewiseSchedule {
    boundaries = Rules.list(NAME, "boundaries", boundaries);
    values = Rules.list(NAME, "values", values);
    if (boundaries.isEmpty()) {
      throw new InvalidScheduleException(
          NAME, "boundaries", boundaries, "must list at least one boundary (use constant)");
    }
    for (int i = 0; i < boundaries.size(); i++) {
      if (boundaries.get(i) < 0) {
        throw new InvalidScheduleException(NAME, "boundaries", boundaries, "must all be >= 0");
      }
      if (i > 0 && boundaries.get(i) <= boundaries.get(i - 1)) {
        throw new InvalidScheduleException(
            NAME, "boundaries", boundaries, "must be strictly ascending");
      }
    }
    if (values.size() != boundaries.size() + 1) {
      throw new InvalidScheduleException(
          NAME,
          "values",
          values,
          "must have one more entry than boundaries ("
              + (boundaries.size() + 1)
              + ", for "
              + boundaries.size()
              + " boundaries)");
    }
    for (double v : values) {
      Rules.positive(NAME, "values", v);
    }
    Rules.unit(NAME, unit);
  }

  @Override
  public String family() {
    return NAME;
  }

  @Override
  public double valueAt(long t) {
    Rules.counter(t);
    int i = 0;
    while (i < boundaries.size() && boundaries.get(i) <= t) {
      i++;
    }
    return values.get(i);
  }

  @Override
  public SortedMap<String, Object> params() {
    return new Rules.ParamMap().put("boundaries", boundaries).put("values", values).with(unit);
  }
}
