package dev.lrsweep.spark;

import dev.lrsweep.trial.EpochRecord;
import java.io.Serializable;
import java.util.Objects;

/**
 * One finished epoch of one trial, as a task publishes it through {@link EpochAccumulator}.
 *
 * @param trialId the unit of work it belongs to: the trial id for a whole trial, else the
 *     segment's key ({@link SegmentRequest#key})
 * @param epoch the epoch's record ({@link EpochRecord#epoch()} counts from 0)
 */
public record TrialEpoch(String trialId, EpochRecord epoch) implements Serializable {
  public TrialEpoch {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(epoch, "epoch");
  }
}
