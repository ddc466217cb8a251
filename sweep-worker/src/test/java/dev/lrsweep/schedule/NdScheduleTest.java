package dev.lrsweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lrsweep.schedule.Schedule.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Drives real ND4J updaters with the adapter and reads back the rate they applied, so a mix-up of
 * the iteration and epoch arguments, or an updater that ignores the schedule, shows.
 */
class NdScheduleTest {
  private static final int STEPS_PER_EPOCH = 4;
  private static final double[] GRADIENT = {1.0, -2.0, 0.5};

  private static INDArray gradient() {
    return Nd4j.create(GRADIENT, new long[] {1, GRADIENT.length}, DataType.DOUBLE);
  }

  /** Sgd's update is lr * gradient, so the applied rate is update / gradient. */
  private static double appliedSgdRate(GradientUpdater<?> updater, int iteration, int epoch) {
    INDArray g = gradient();
    updater.applyUpdater(g, iteration, epoch);
    double rate = g.getDouble(0) / GRADIENT[0];
    for (int i = 1; i < GRADIENT.length; i++) {
      assertEquals(rate * GRADIENT[i], g.getDouble(i), 1e-15, "one rate for every element");
    }
    return rate;
  }

  @Test
  void sgdAppliesAnEpochScheduleByEpoch() {
    // step, offset 0, drop every 2 epochs by half: epochs 0-1 0.01, 2-3 0.005, 4 0.0025
    Schedule step = new StepSchedule(0.01, 0.5, 2, 0, Unit.EPOCH);
    GradientUpdater<?> updater = new Sgd(new NdSchedule(step)).instantiate((INDArray) null, true);
    double[] byEpoch = {0.01, 0.01, 0.005, 0.005, 0.0025};
    for (int iteration = 0; iteration < byEpoch.length * STEPS_PER_EPOCH; iteration++) {
      int epoch = iteration / STEPS_PER_EPOCH;
      assertEquals(
          byEpoch[epoch],
          appliedSgdRate(updater, iteration, epoch),
          1e-15,
          "iteration " + iteration + ", epoch " + epoch);
    }
  }

  @Test
  void sgdAppliesAnIterationScheduleByIteration() {
    // time decay 0.1 / (1 + 0.5 t) over iterations: 0.1, 0.1/1.5, 0.05, 0.1/2.5, 0.1/3, ...
    Schedule decay = new TimeDecaySchedule(0.1, 0.5, Unit.ITERATION);
    GradientUpdater<?> updater = new Sgd(new NdSchedule(decay)).instantiate((INDArray) null, true);
    for (int iteration = 0; iteration < 3 * STEPS_PER_EPOCH; iteration++) {
      int epoch = iteration / STEPS_PER_EPOCH;
      double expected = 0.1 / (1 + 0.5 * iteration);
      assertEquals(expected, appliedSgdRate(updater, iteration, epoch), 1e-15, "it " + iteration);
    }
  }

  @Test
  void nesterovsMomentumUpdateUsesTheScheduledRate() {
    // Nesterov momentum as DL4J writes it (params -= update):
    //   v_k = mu * v_(k-1) - lr_k * g;  update_k = mu * v_(k-1) - (1 + mu) * v_k
    // with piecewise lr: 0.002 for epochs 0-2, 0.001 for 3-4, 0.0005 from 5.
    double mu = 0.9;
    Schedule piecewise =
        new PiecewiseSchedule(List.of(3L, 5L), List.of(0.002, 0.001, 0.0005), Unit.EPOCH);
    double[] lrByEpoch = {0.002, 0.002, 0.002, 0.001, 0.001, 0.0005, 0.0005};
    Nesterovs config = new Nesterovs(new NdSchedule(piecewise), mu);
    INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, config.stateSize(GRADIENT.length));
    GradientUpdater<?> updater = config.instantiate(state, true);

    double[] v = new double[GRADIENT.length];
    for (int iteration = 0; iteration < lrByEpoch.length * STEPS_PER_EPOCH; iteration++) {
      int epoch = iteration / STEPS_PER_EPOCH;
      double lr = lrByEpoch[epoch];
      INDArray g = gradient();
      updater.applyUpdater(g, iteration, epoch);
      for (int i = 0; i < GRADIENT.length; i++) {
        double vPrev = v[i];
        v[i] = mu * vPrev - lr * GRADIENT[i];
        double expected = mu * vPrev - (1 + mu) * v[i];
        assertEquals(
            expected, g.getDouble(i), 1e-12, "iteration " + iteration + ", element " + i);
      }
    }
  }

  @Test
  void cloneIsTheSameImmutableValue() {
    NdSchedule adapter = new NdSchedule(new ConstantSchedule(0.01, Unit.EPOCH));
    assertSame(adapter, adapter.clone());
    assertEquals(0.01, adapter.valueAt(123, 4), 0.0);
  }
}
