package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.schedule.ScheduleRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD without Nesterov, by hand: Keras's {@code SGD(momentum=m, nesterov=False)} keeps {@code v =
 * m * v - lr * g} and adds it to the parameters; the step turns the gradient into {@code -v}, the
 * amount the trainer subtracts.
 */
class SgdTest {
  private static final double LR = 0.1;

  private static Optimizer.Step step(double momentum, boolean nesterov, INDArray params) {
    return new Sgd(momentum, nesterov).start(ScheduleRegistry.create("constant", Map.of("lr", LR)), params);
  }

  private static double[] apply(Optimizer.Step step, double[] gradient, int iteration) {
    INDArray g = Nd4j.createFromArray(new float[][] {toFloat(gradient)});
    step.apply(g, iteration, 0);
    return g.castTo(DataType.DOUBLE).toDoubleVector();
  }

  @Test
  void classicalMomentumAccumulatesVelocityAsKerasDoes() {
    INDArray params = Nd4j.zeros(DataType.FLOAT, 1, 2);
    Optimizer.Step step = step(0.9, false, params);
    // step 1: v = 0.1 * [1, -2] = [0.1, -0.2]
    assertArrayEquals(new double[] {0.1, -0.2}, apply(step, new double[] {1, -2}, 0), 1e-6);
    // step 2: v = 0.9 * [0.1, -0.2] + 0.1 * [0.5, 0.5] = [0.14, -0.13]
    assertArrayEquals(new double[] {0.14, -0.13}, apply(step, new double[] {0.5, 0.5}, 1), 1e-6);
    assertEquals(2, step.saveState().length, "the velocity is the state a checkpoint saves");
    assertEquals(LR, step.learningRate(5, 1), 1e-12);
  }

  @Test
  void momentumZeroIsPlainSgdWithoutState() {
    Optimizer.Step step = step(0, false, Nd4j.zeros(DataType.FLOAT, 1, 2));
    assertArrayEquals(new double[] {0.1, -0.2}, apply(step, new double[] {1, -2}, 0), 1e-6);
    assertArrayEquals(new double[] {0.05, 0.05}, apply(step, new double[] {0.5, 0.5}, 1), 1e-6);
    assertEquals(0, step.saveState().length, "plain SGD has no state");
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }
}
