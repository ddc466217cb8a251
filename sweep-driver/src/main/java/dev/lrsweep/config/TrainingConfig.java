package dev.lrsweep.config;

import dev.lrsweep.model.ModelRegistry;
import dev.lrsweep.optim.Optimizer;
import java.util.Objects;

/**
 * What every trial of a sweep shares: the network, epochs, batch size and optimizer.
 *
 * @param model the network's name in {@link ModelRegistry} (config key {@code model})
 * @param epochs epochs per trial, at least 1
 * @param batchSize mini-batch size, at least 1
 * @param optimizer the optimizer with its validated parameters ({@code training.optimizer} and
 *     its parameter keys)
 */
public record TrainingConfig(String model, int epochs, int batchSize, Optimizer optimizer) {
  public TrainingConfig {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(optimizer, "optimizer");
  }
}
