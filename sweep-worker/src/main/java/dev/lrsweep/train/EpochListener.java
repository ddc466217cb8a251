package dev.lrsweep.train;

import dev.lrsweep.trial.EpochRecord;

/** Told after each epoch of a trial; must be quick and must not throw. */
@FunctionalInterface
public interface EpochListener {
  EpochListener NONE = (trialId, epoch) -> {};

  void epochDone(String trialId, EpochRecord epoch);
}
