package dev.lrsweep.report;

import dev.lrsweep.store.TrialRecord;
import java.util.Objects;

/**
 * One row of the ranking.
 *
 * @param rank 1-based; with repeats, the rank of the trial's grid point (its seeds share it)
 * @param trial the trial
 * @param point the trial's grid point summary
 */
public record RankedTrial(int rank, TrialRecord trial, PointSummary point) {
  public RankedTrial {
    Objects.requireNonNull(trial, "trial");
    Objects.requireNonNull(point, "point");
  }
}
