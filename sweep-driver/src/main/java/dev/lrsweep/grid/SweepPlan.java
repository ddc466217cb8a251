package dev.lrsweep.grid;

import dev.lrsweep.config.DataLocation;
import dev.lrsweep.config.SweepConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated sweep ready to run: the config, where its data is (possibly missing: {@code plan}
 * only warns, {@code run} calls {@link DataLocation#requireFound()}), and its trials sorted by grid
 * point, then repeat.
 *
 * @param config the validated configuration
 * @param data the resolved dataset location
 * @param trials every trial, ids unique
 */
public record SweepPlan(SweepConfig config, DataLocation data, List<PlannedTrial> trials) {
  public SweepPlan {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(data, "data");
    trials = List.copyOf(trials);
  }

  /** The trial with this id, if the plan has it. */
  public Optional<PlannedTrial> trial(String trialId) {
    return trials.stream().filter(t -> t.trialId().equals(trialId)).findFirst();
  }

  /** Number of distinct grid points (trials / repeats). */
  public long gridPoints() {
    return trials.stream().map(PlannedTrial::gridPoint).distinct().count();
  }
}
