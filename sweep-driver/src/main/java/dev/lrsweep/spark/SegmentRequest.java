package dev.lrsweep.spark;

import dev.lrsweep.trial.TrialSpec;
import java.util.Objects;

/**
 * One rung's work for one trial: train {@code spec} from the checkpoint in {@code checkpoint}
 * (its {@code Checkpoint.toBytes()} form; empty to start from scratch) up to epoch {@code
 * untilEpoch}.
 *
 * @param spec the trial
 * @param untilEpoch the rung's epoch count
 * @param checkpoint the serialized checkpoint to resume from, or an empty array
 */
public record SegmentRequest(TrialSpec spec, int untilEpoch, byte[] checkpoint) {
  public SegmentRequest {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (untilEpoch < 1 || untilEpoch > spec.epochs()) {
      throw new IllegalArgumentException(
          "untilEpoch must be in [1, " + spec.epochs() + "] for trial " + spec.trialId() + ", found " + untilEpoch);
    }
  }

  /** The 0-based epoch the segment starts at: 0 from scratch, else the checkpoint's epoch. */
  public int startEpoch() {
    return checkpoint.length == 0 ? 0 : dev.lrsweep.train.Checkpoint.epochOf(checkpoint);
  }
}
