package dev.lrsweep.spark;

import dev.lrsweep.train.EpochListener;
import dev.lrsweep.train.TrialTrainer;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import java.io.Serializable;

/**
 * What a Spark task does with its trial. It travels to the executors inside the task, hence
 * Serializable. The sweep uses {@link #TRAINER}; tests substitute their own trial bodies (to hold
 * tasks open, throw, or report accuracies) while Spark stays real.
 */
@FunctionalInterface
public interface TrialFunction extends Serializable {
  /** The real one: trains and evaluates the trial with {@link TrialTrainer}. */
  TrialFunction TRAINER = TrialTrainer::run;

  TrialResult run(TrialSpec spec, EpochListener listener);
}
