package dev.lrsweep.trial;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained every epoch it was asked to. */
  COMPLETED,
  /** The loss became NaN/infinite or exploded; training stopped at that epoch. */
  DIVERGED,
  /** An exception ended the trial; its message is kept. */
  FAILED,
  /**
   * Successive halving stopped it at a rung because others did better there; its history ends
   * at that rung's epoch and its message names the rung. It would have trained on otherwise.
   */
  STOPPED
}
