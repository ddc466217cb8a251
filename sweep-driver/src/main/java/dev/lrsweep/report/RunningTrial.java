package dev.lrsweep.report;

import dev.lrsweep.trial.EpochRecord;
import java.util.List;
import java.util.Objects;

/**
 * A trial still training when the live report is written, with the epochs the driver has
 * received for it so far (through executor heartbeats).
 *
 * @param trialId the trial
 * @param label its schedule label
 * @param epochs the epochs it will train in all
 * @param history its epochs so far, in order
 */
public record RunningTrial(String trialId, String label, int epochs, List<EpochRecord> history) {
  public RunningTrial {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(label, "label");
    history = List.copyOf(history);
  }
}
