package dev.lrsweep.config;

import dev.lrsweep.schedule.Schedule;
import java.util.Objects;

/**
 * One point of a grid entry's Cartesian product: a validated schedule.
 *
 * @param schedule the schedule the registry built (its {@code params()} include defaults)
 * @param location where the grid entry starts ({@code file:line})
 */
public record GridPoint(Schedule schedule, String location) {
  public GridPoint {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(location, "location");
  }
}
