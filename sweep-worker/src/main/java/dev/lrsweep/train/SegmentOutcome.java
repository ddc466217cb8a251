package dev.lrsweep.train;

import dev.lrsweep.trial.TrialResult;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Segment} gave.
 *
 * @param result the trial as it stands after the segment: the whole history (the checkpoint's
 *     epochs and the new ones), COMPLETED when every epoch of the segment ran, DIVERGED or FAILED
 *     as {@link TrialTrainer#run} says
 * @param checkpoint the state after the segment's last epoch, present when the segment COMPLETED
 *     before the trial's last epoch (so there is something left to resume)
 */
public record SegmentOutcome(TrialResult result, Optional<Checkpoint> checkpoint) {
  public SegmentOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
