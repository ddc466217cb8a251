package dev.lrsweep.grid;

import dev.lrsweep.trial.TrialSpec;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One trial of a plan: the worker's {@link TrialSpec} and what the driver needs around it.
 *
 * @param spec what the Spark task runs (id, schedule, epochs, batch, optimizer, data, seed, threads)
 * @param family the schedule family
 * @param label the registry's short label: parameters that differ from their defaults, e.g. {@code
 *     step(drop_every=5,factor=0.5,lr0=0.01)}
 * @param gridPoint the key that groups a grid point's repeats: the trial id without {@code -r<n>}
 * @param repeat 0-based repeat index within the grid point
 * @param params the schedule's full parameters, sorted, defaults included
 * @param location where the grid entry is ({@code file:line})
 */
public record PlannedTrial(
    TrialSpec spec,
    String family,
    String label,
    String gridPoint,
    int repeat,
    SortedMap<String, Object> params,
    String location) {

  public PlannedTrial {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(gridPoint, "gridPoint");
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    if (repeat < 0) {
      throw new IllegalArgumentException("repeat must be 0 or greater, found " + repeat);
    }
  }

  /** The trial id. */
  public String trialId() {
    return spec.trialId();
  }

  /** The trial seed. */
  public long seed() {
    return spec.seed();
  }
}
