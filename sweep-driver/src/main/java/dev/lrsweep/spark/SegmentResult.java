package dev.lrsweep.spark;

import dev.lrsweep.trial.TrialResult;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a rung's task sends back to the driver.
 *
 * @param result the trial as it stands after the segment (whole history)
 * @param startEpoch the epoch the segment started at: 0 from scratch, else the checkpoint's
 * @param checkpoint the serialized checkpoint after the segment; empty when there is none (the
 *     trial's last epoch, or a trial that diverged or failed)
 * @param readSeconds executor time spent decoding the incoming checkpoint
 * @param writeSeconds executor time spent encoding the outgoing checkpoint
 */
public record SegmentResult(TrialResult result, int startEpoch, byte[] checkpoint, double readSeconds,
    double writeSeconds) implements Serializable {
  public SegmentResult {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
