package dev.lrsweep.spark;

import dev.lrsweep.trial.TrialSpec;
import java.util.Objects;

/**
 * One Spark task's work: train {@code spec} from the checkpoint in {@code checkpoint} (its {@code
 * Checkpoint.toBytes()} form; empty to start from scratch) up to epoch {@code untilEpoch}. A whole
 * trial is the segment from scratch to its last epoch ({@link #whole}); a successive-halving rung
 * trains a segment per trial; with prefix sharing a segment trains epochs that several trials share.
 *
 * @param key the unit of work's name in progress lines and epoch events, unique within a run: the
 *     trial id for a whole trial, else whatever the plan calls it
 * @param spec the trial it trains as (with prefix sharing: the trial chosen to train a shared
 *     segment)
 * @param untilEpoch the first epoch not to train, in (the checkpoint's epoch, spec epochs]
 * @param checkpoint the serialized checkpoint to resume from, or an empty array
 * @param inherited whether the checkpoint may be another trial's (a prefix inherited from a trial
 *     with the same seed and learning rates; {@code Segment.inherited})
 */
public record SegmentRequest(String key, TrialSpec spec, int untilEpoch, byte[] checkpoint, boolean inherited) {
  public SegmentRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (untilEpoch < 1 || untilEpoch > spec.epochs()) {
      throw new IllegalArgumentException(
          "untilEpoch must be in [1, " + spec.epochs() + "] for trial " + spec.trialId() + ", found " + untilEpoch);
    }
  }

  /** A segment of the trial's own, named by its trial id. */
  public SegmentRequest(TrialSpec spec, int untilEpoch, byte[] checkpoint) {
    this(spec.trialId(), spec, untilEpoch, checkpoint, false);
  }

  /** The whole trial, from scratch to its last epoch. */
  public static SegmentRequest whole(TrialSpec spec) {
    return new SegmentRequest(spec, spec.epochs(), new byte[0]);
  }

  /** The 0-based epoch the segment starts at: 0 from scratch, else the checkpoint's epoch. */
  public int startEpoch() {
    return checkpoint.length == 0 ? 0 : dev.lrsweep.train.Checkpoint.epochOf(checkpoint);
  }
}
