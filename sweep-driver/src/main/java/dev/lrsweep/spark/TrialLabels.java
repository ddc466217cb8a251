package dev.lrsweep.spark;

/**
 * The human-readable label of a trial for progress lines, e.g. {@code
 * step(factor=0.5,drop_every=5,lr0=0.01)}. The driver knows the labels (from the grid); this
 * package does not compute them.
 */
@FunctionalInterface
public interface TrialLabels {
  /** Labels every trial with its id. */
  TrialLabels IDS = trialId -> trialId;

  /** The label of {@code trialId}; never null. */
  String label(String trialId);
}
