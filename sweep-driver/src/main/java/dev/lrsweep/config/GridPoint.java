package dev.lrsweep.config;

import dev.lrsweep.schedule.Schedule;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One point of a grid entry's Cartesian product: a validated schedule.
 *
 * @param schedule the schedule the registry built (its {@code params()} include defaults)
 * @param given the parameters exactly as the config gave them for this point, sorted, without
 *     {@code family}; labels use these so they read like the config
 * @param location where the grid entry starts ({@code file:line})
 */
public record GridPoint(Schedule schedule, SortedMap<String, Object> given, String location) {
  public GridPoint {
    Objects.requireNonNull(schedule, "schedule");
    given = Collections.unmodifiableSortedMap(new TreeMap<>(given));
    Objects.requireNonNull(location, "location");
  }
}
