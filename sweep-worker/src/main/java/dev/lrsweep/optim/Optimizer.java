package dev.lrsweep.optim;

import dev.lrsweep.schedule.Schedule;
import java.io.Serializable;
import java.util.SortedMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimizer's settings: a small immutable value (a record) that the driver puts into every
 * trial spec, and that starts the {@link Step} function one trial uses. The learning rate is not a
 * setting: it comes from the trial's schedule at every step.
 */
public interface Optimizer extends Serializable {
  /** The registry name, e.g. {@code adam}. */
  String name();

  /** Every parameter with its value, snake_case names sorted, as reports and labels show them. */
  SortedMap<String, Object> params();

  /** A short label such as {@code adam(beta_1=0.9,beta_2=0.999,epsilon=1E-7)}. */
  default String label() {
    StringBuilder s = new StringBuilder(name()).append('(');
    params().forEach((k, v) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ",").append(k).append('=').append(v));
    return s.append(')').toString();
  }

  /**
   * The step function of one trial over {@code params} (the model's flat parameter array), with
   * its state (momentum, moments) at zero.
   */
  Step start(Schedule schedule, INDArray params);

  /** One trial's optimizer with its state. */
  interface Step {
    /**
     * Turns the gradient into the update, in place: the trainer then subtracts it from the
     * parameters. {@code iteration} counts updates from 0 over the whole trial.
     */
    void apply(INDArray gradient, int iteration, int epoch);

    /** The learning rate this step function uses at the given counters. */
    double learningRate(int iteration, int epoch);

    /** A copy of the whole state (what a checkpoint carries); empty when there is none. */
    float[] saveState();

    /**
     * Replaces the state with {@link #saveState()}'s form.
     *
     * @throws IllegalArgumentException when the length does not fit this optimizer
     */
    void restoreState(float[] state);
  }
}
