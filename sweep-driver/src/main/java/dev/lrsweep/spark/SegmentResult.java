package dev.lrsweep.spark;

import dev.lrsweep.trial.TrialResult;
import java.io.Serializable;
import java.util.Objects;

/**
 * What a task sends back to the driver.
 *
 * @param key the request's key
 * @param result the trial as it stands after the segment (whole history)
 * @param startEpoch the epoch the segment started at: 0 from scratch, else the checkpoint's
 * @param checkpoint the serialized checkpoint after the segment; empty when there is none (the
 *     trial's last epoch, or a trial that diverged or failed)
 * @param readSeconds executor time spent decoding the incoming checkpoint
 * @param writeSeconds executor time spent encoding the outgoing checkpoint
 */
public record SegmentResult(String key, TrialResult result, int startEpoch, byte[] checkpoint, double readSeconds,
    double writeSeconds) implements Serializable {
  public SegmentResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
