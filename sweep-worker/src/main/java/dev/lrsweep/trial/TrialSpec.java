package dev.lrsweep.trial;

import dev.lrsweep.model.ModelRegistry;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.schedule.Schedule;
import java.io.Serializable;
import java.util.Objects;

/**
 * Everything one trial needs: the driver builds it, a Spark task runs it.
 *
 * @param trialId stable id, unique within a sweep (safe as a file name: [A-Za-z0-9._-])
 * @param model the network's name in {@link ModelRegistry}
 * @param schedule the learning-rate schedule under test
 * @param epochs epochs to train, at least 1
 * @param batchSize mini-batch size, at least 1
 * @param optimizer the optimizer and its parameters
 * @param data dataset, location and subset sizes
 * @param seed seed for initialisation, shuffling and dropout
 * @param threads OpenMP/BLAS threads this trial may use, at least 1
 */
public record TrialSpec(
    String trialId,
    String model,
    Schedule schedule,
    int epochs,
    int batchSize,
    Optimizer optimizer,
    DataSpec data,
    long seed,
    int threads)
    implements Serializable {

  public TrialSpec {
    Objects.requireNonNull(schedule, "schedule");
    ModelRegistry.get(model);
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(data, "data");
    if (trialId == null || !trialId.matches("[A-Za-z0-9._-]{1,200}") || trialId.startsWith(".")) {
      throw new IllegalArgumentException(
          "trial id must be 1-200 characters of [A-Za-z0-9._-] not starting with '.', found '" + trialId + "'");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be 1 or greater, found " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be 1 or greater, found " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or greater, found " + threads);
    }
  }
}
