package dev.lrsweep.train;

import dev.lrsweep.schedule.NdSchedule;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.trial.OptimizerSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The SGD variants a trial can ask for, as ND4J updaters whose learning rate is the trial's
 * schedule (through {@link NdSchedule}): ND4J computes {@code lr = schedule.valueAt(iteration,
 * epoch)} itself at every step from the counters the trainer passes.
 */
final class Updaters {
  private Updaters() {}

  /** Applies one step: turns the gradient into the update in place. */
  interface Step {
    void apply(INDArray gradient, int iteration, int epoch);

    /** The learning rate this step function uses at the given counters. */
    double learningRate(int iteration, int epoch);

    /**
     * The updater's whole state (the momentum, same layout as the parameters), live: writing to it
     * changes the next steps, which is how a checkpoint is restored. Empty for plain SGD.
     */
    java.util.Optional<INDArray> state();
  }

  static Step create(OptimizerSpec optimizer, Schedule schedule, INDArray params) {
    NdSchedule lr = new NdSchedule(schedule);
    INDArray state = params.ulike();
    if (optimizer.nesterov() || optimizer.momentum() == 0) {
      // ND4J's Nesterovs is Keras's nesterov=True update; with momentum 0 it is plain SGD.
      IUpdater config = optimizer.momentum() == 0 ? new Sgd(lr) : new Nesterovs(lr, optimizer.momentum());
      GradientUpdater<?> updater = config.instantiate(optimizer.momentum() == 0 ? null : state.assign(0), true);
      return new Step() {
        @Override
        public void apply(INDArray gradient, int iteration, int epoch) {
          updater.applyUpdater(gradient, iteration, epoch);
        }

        @Override
        public double learningRate(int iteration, int epoch) {
          return config.getLearningRate(iteration, epoch);
        }

        @Override
        public java.util.Optional<INDArray> state() {
          return optimizer.momentum() == 0 ? java.util.Optional.empty() : java.util.Optional.of(state);
        }
      };
    }
    // ND4J has no classical (non-Nesterov) momentum updater; Keras's SGD(momentum, nesterov=False):
    // v = momentum * v + lr * g, params -= v.
    state.assign(0);
    double momentum = optimizer.momentum();
    return new Step() {
      @Override
      public void apply(INDArray gradient, int iteration, int epoch) {
        state.muli(momentum).addi(gradient.muli(lr.valueAt(iteration, epoch)));
        gradient.assign(state);
      }

      @Override
      public double learningRate(int iteration, int epoch) {
        return lr.valueAt(iteration, epoch);
      }

      @Override
      public java.util.Optional<INDArray> state() {
        return java.util.Optional.of(state);
      }
    };
  }
}
