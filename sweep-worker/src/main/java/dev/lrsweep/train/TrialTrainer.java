package dev.lrsweep.train;

import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;

/**
 * Runs one trial: loads (or reuses) the dataset, builds MiniVGG, trains it under the trial's
 * schedule and evaluates it after every epoch.
 *
 * <p>CONTRACT STUB: the training-engine issue implements this class; the signatures are fixed.
 */
public final class TrialTrainer {
  private TrialTrainer() {}

  /**
   * Trains and evaluates one trial. Never throws: an exception becomes a FAILED result with its
   * message, a NaN or exploding loss a DIVERGED one.
   */
  public static TrialResult run(TrialSpec spec, EpochListener listener) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  public static TrialResult run(TrialSpec spec) {
    return run(spec, EpochListener.NONE);
  }
}
