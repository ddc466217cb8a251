package dev.lrsweep.train;

import java.util.Objects;
import java.util.Optional;

/**
 * The part of a trial one call of {@link TrialTrainer#runSegment} trains: from a checkpoint (or
 * from scratch) up to, not including, epoch {@code untilEpoch}. Successive halving runs a trial as
 * one segment per rung.
 *
 * @param from where to start: a checkpoint after some epochs, or empty for epoch 0
 * @param untilEpoch the first epoch not to train (the rung's epoch count), in (from's epoch,
 *     spec epochs]
 * @param inherited whether {@code from} may be another trial's checkpoint: a prefix shared by
 *     trials whose learning rates are equal, iteration by iteration, up to its epoch (the driver's
 *     prefix sharing decides that); the seed must still be this trial's. When false a checkpoint
 *     of another trial is refused.
 */
public record Segment(Optional<Checkpoint> from, int untilEpoch, boolean inherited) {
  public Segment {
    Objects.requireNonNull(from, "from");
    int start = from.map(Checkpoint::epoch).orElse(0);
    if (untilEpoch <= start) {
      throw new IllegalArgumentException(
          "a segment must train at least one epoch: untilEpoch must exceed " + start + ", found " + untilEpoch);
    }
  }

  /** A segment that resumes only this trial's own checkpoint. */
  public Segment(Optional<Checkpoint> from, int untilEpoch) {
    this(from, untilEpoch, false);
  }

  /** The whole trial from scratch. */
  public static Segment whole(int epochs) {
    return new Segment(Optional.empty(), epochs);
  }

  /** The epoch the segment starts at (0 from scratch). */
  public int startEpoch() {
    return from.map(Checkpoint::epoch).orElse(0);
  }
}
