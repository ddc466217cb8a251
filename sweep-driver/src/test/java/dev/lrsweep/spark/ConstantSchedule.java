package dev.lrsweep.spark;

import dev.lrsweep.schedule.Schedule;
import java.util.SortedMap;
import java.util.TreeMap;

/** A constant-rate schedule for tests, until the schedule families land on main. */
record ConstantSchedule(double lr) implements Schedule {
  @Override
  public String family() {
    return "constant";
  }

  @Override
  public Unit unit() {
    return Unit.EPOCH;
  }

  @Override
  public double valueAt(long t) {
    return lr;
  }

  @Override
  public SortedMap<String, Object> params() {
    SortedMap<String, Object> params = new TreeMap<>();
    params.put("lr", lr);
    params.put("unit", unit().key());
    return params;
  }
}
