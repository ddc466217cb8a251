package dev.lrsweep.schedule;

import java.io.Serializable;
import java.util.SortedMap;

/**
 * A learning-rate schedule: an immutable value with validated parameters and a pure rate
 * function of one counter, the epoch or the iteration (both start at 0).
 *
 * <p>Implementations are records, one per family; {@link ScheduleRegistry} builds them by name.
 */
public interface Schedule extends Serializable {

  /** The counter a schedule's steps count. */
  enum Unit {
    EPOCH,
    ITERATION;

    /** The lower-case name used in configs and labels. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The family name, as used in configs: {@code step}, {@code cosine}, ... */
  String family();

  /** Which counter {@code t} is. */
  Unit unit();

  /** The learning rate at counter value {@code t} (t >= 0) of this schedule's unit. */
  double valueAt(long t);

  /**
   * The rate in effect at a given iteration of a given epoch: {@link #valueAt} of whichever
   * counter {@link #unit()} names.
   */
  default double lr(long iteration, long epoch) {
    return valueAt(unit() == Unit.EPOCH ? epoch : iteration);
  }

  /**
   * Every parameter by its snake_case name, sorted, including {@code unit} and defaults, with
   * values as Double, Integer, Long, Boolean, String or List of those.
   */
  SortedMap<String, Object> params();

  /**
   * A short, deterministic label for tables and chart titles: the family and its non-default
   * parameters, sorted, e.g. {@code step(drop_every=5,factor=0.5,lr0=0.01)}. See {@link
   * ScheduleRegistry#label(Schedule)}.
   */
  default String label() {
    return ScheduleRegistry.label(this);
  }
}
