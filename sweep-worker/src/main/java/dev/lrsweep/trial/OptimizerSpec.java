package dev.lrsweep.trial;

import java.io.Serializable;

/**
 * SGD settings of a trial. The learning rate is not here: it comes from the trial's schedule.
 *
 * @param momentum momentum coefficient in [0, 1)
 * @param nesterov whether the momentum is Nesterov's
 */
public record OptimizerSpec(double momentum, boolean nesterov) implements Serializable {
  public OptimizerSpec {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
    }
  }

  /** The seed article's optimizer: SGD, momentum 0.9, Nesterov. */
  public static OptimizerSpec seedArticle() {
    return new OptimizerSpec(0.9, true);
  }
}
