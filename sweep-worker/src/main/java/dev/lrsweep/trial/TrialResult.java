package dev.lrsweep.trial;

import java.io.Serializable;
import java.util.List;

/**
 * What happened in one trial. A trial never throws: failures and divergence are results.
 *
 * @param trialId the spec's id
 * @param status how it ended
 * @param message why it failed or diverged; empty when it completed
 * @param history one record per epoch that ran (for DIVERGED, up to and including the epoch
 *     where it diverged)
 * @param finalAccuracy test accuracy after the last epoch that ran (NaN when none ran)
 * @param finalLoss test loss after the last epoch that ran (NaN when none ran)
 * @param bestAccuracy best test accuracy over the epochs (NaN when none ran)
 * @param bestEpoch 0-based epoch of the best accuracy (-1 when none ran)
 * @param report per-class report and confusion matrix after the last epoch (null when none ran)
 * @param trainImagesPerSecond training throughput over the whole trial, excluding evaluation
 * @param seconds wall time of the trial, data loading included
 * @param provenance versions, host, JVM, OS, threads, seed
 */
public record TrialResult(
    String trialId,
    TrialStatus status,
    String message,
    List<EpochRecord> history,
    double finalAccuracy,
    double finalLoss,
    double bestAccuracy,
    int bestEpoch,
    ClassReport report,
    double trainImagesPerSecond,
    double seconds,
    Provenance provenance)
    implements Serializable {

  public TrialResult {
    history = List.copyOf(history);
    message = message == null ? "" : message;
  }

  /** Number of epochs that ran. */
  public int epochsRun() {
    return history.size();
  }
}
