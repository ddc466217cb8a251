package dev.lrsweep.trial;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained every epoch it was asked to. */
  COMPLETED,
  /** The loss became NaN/infinite or exploded; training stopped at that epoch. */
  DIVERGED,
  /** An exception ended the trial; its message is kept. */
  FAILED
}
