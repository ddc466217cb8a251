package dev.lrsweep.config;

import dev.lrsweep.trial.OptimizerSpec;

/**
 * The {@code training} section: what every trial of a sweep shares.
 *
 * @param epochs epochs per trial, at least 1
 * @param batchSize mini-batch size, at least 1
 * @param optimizer optimizer name; only {@code sgd} for now
 * @param momentum SGD momentum in [0, 1)
 * @param nesterov whether the momentum is Nesterov's
 */
public record TrainingConfig(
    int epochs, int batchSize, String optimizer, double momentum, boolean nesterov) {

  /** The optimizer settings as the worker's trial spec takes them. */
  public OptimizerSpec optimizerSpec() {
    return new OptimizerSpec(momentum, nesterov);
  }
}
