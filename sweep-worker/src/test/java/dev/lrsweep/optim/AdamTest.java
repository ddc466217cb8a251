package dev.lrsweep.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam and AdamW against values computed here, independently, from the published update rule
 * (Kingma and Ba 2015, Algorithm 1 with the "epsilon hat" of section 2, as Keras implements it;
 * AdamW's decoupled decay from Loshchilov and Hutter 2019 as Keras applies it, {@code w -= lr *
 * wd * w} before the Adam step), one scalar at a time in double precision.
 */
class AdamTest {
  private static final Schedule CONSTANT = ScheduleRegistry.create("constant", Map.of("lr", 0.002));
  // 0.002, from epoch 1 0.001: the schedule drives the rate inside the update
  private static final Schedule PIECEWISE =
      ScheduleRegistry.create("piecewise", Map.of("boundaries", List.of(1), "values", List.of(0.002, 0.001)));

  private static final double[][] GRADIENTS = {
    {0.5, -1.0, 1e-3, 0.0, 3.0},
    {0.4, 2.0, -1e-3, 0.0, -3.0},
    {-0.1, 0.5, 2e-3, 1e-9, 3.0},
  };
  private static final double[] START = {0.1, -0.2, 0.3, 0.0, 1.5};

  /** The published rule, per scalar: returns the parameters after each step. */
  private static double[][] reference(double b1, double b2, double eps, double wd, Schedule s, int[] epochs) {
    int n = START.length;
    double[] w = START.clone();
    double[] m = new double[n];
    double[] v = new double[n];
    double[][] out = new double[GRADIENTS.length][];
    for (int t = 1; t <= GRADIENTS.length; t++) {
      double lr = s.lr(t - 1, epochs[t - 1]);
      for (int i = 0; i < n; i++) {
        double g = GRADIENTS[t - 1][i];
        w[i] -= lr * wd * w[i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
      }
      out[t - 1] = w.clone();
    }
    return out;
  }

  /** The engine: the trainer's loop (step.apply, then params -= update) over the same gradients. */
  private static double[][] engine(Optimizer optimizer, Schedule s, int[] epochs) {
    INDArray params = Nd4j.create(DataType.FLOAT, 1, START.length);
    for (int i = 0; i < START.length; i++) {
      params.putScalar(0, i, START[i]);
    }
    Optimizer.Step step = optimizer.start(s, params);
    double[][] out = new double[GRADIENTS.length][];
    for (int t = 0; t < GRADIENTS.length; t++) {
      INDArray g = Nd4j.create(DataType.FLOAT, 1, START.length);
      for (int i = 0; i < START.length; i++) {
        g.putScalar(0, i, GRADIENTS[t][i]);
      }
      step.apply(g, t, epochs[t]);
      params.subi(g);
      out[t] = params.toDoubleVector();
    }
    return out;
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    for (int t = 0; t < expected.length; t++) {
      for (int i = 0; i < expected[t].length; i++) {
        // float32 parameters and moments: relative 1e-6 of the value plus a float's resolution
        double tol = 2e-6 * Math.abs(expected[t][i]) + 1e-7;
        assertEquals(expected[t][i], actual[t][i], tol, "step " + (t + 1) + ", parameter " + i);
      }
    }
  }

  @Test
  void firstStepIsTheLearningRateTimesTheGradientsSignForLargeGradients() {
    // At t = 1, m = (1 - b1) g and v = (1 - b2) g^2, so the update is
    // lr sqrt(1 - b2) g / (sqrt(1 - b2) |g| + eps): about lr sign(g) when |g| >> eps.
    double[][] w = engine(Adam.keras(), CONSTANT, new int[] {0, 0, 0});
    double root = Math.sqrt(1 - 0.999);
    for (int i = 0; i < START.length; i++) {
      double g = GRADIENTS[0][i];
      double update = 0.002 * root * g / (root * Math.abs(g) + 1e-7);
      assertEquals(START[i] - update, w[0][i], 1e-7, "parameter " + i);
    }
    assertEquals(START[0] - 0.002, w[0][0], 1e-6, "g = 0.5 moves by lr");
    assertEquals(START[3], w[0][3], 0.0, "a zero gradient does not move");
  }

  @Test
  void threeAdamStepsFollowThePublishedRule() {
    int[] epochs = {0, 0, 0};
    assertClose(reference(0.9, 0.999, 1e-7, 0, CONSTANT, epochs), engine(Adam.keras(), CONSTANT, epochs));
    Adam other = new Adam(0.8, 0.99, 1e-3);
    assertClose(reference(0.8, 0.99, 1e-3, 0, CONSTANT, epochs), engine(other, CONSTANT, epochs));
  }

  @Test
  void theScheduleDrivesTheRateAndAdamWDecaysDecoupled() {
    int[] epochs = {0, 1, 1};
    assertClose(reference(0.9, 0.999, 1e-7, 0, PIECEWISE, epochs), engine(Adam.keras(), PIECEWISE, epochs));
    assertClose(reference(0.9, 0.999, 1e-7, 0.004, PIECEWISE, epochs), engine(AdamW.keras(), PIECEWISE, epochs));
    // a large decay shows it is applied: lr * wd * w on top of Adam's step
    assertClose(reference(0.9, 0.999, 1e-7, 50, PIECEWISE, epochs),
        engine(new AdamW(0.9, 0.999, 1e-7, 50), PIECEWISE, epochs));
  }

  @Test
  void stateSavedAfterTwoStepsAndRestoredContinuesExactly() {
    INDArray p1 = Nd4j.create(DataType.FLOAT, 1, 5);
    INDArray p2 = Nd4j.create(DataType.FLOAT, 1, 5);
    Optimizer.Step a = Adam.keras().start(CONSTANT, p1);
    for (int t = 0; t < 2; t++) {
      a.apply(Nd4j.create(new float[][] {{(float) GRADIENTS[t][0], 1, 2, 3, 4}}), t, 0);
    }
    float[] saved = a.saveState();
    assertEquals(10, saved.length, "first and second moments of 5 parameters");
    Optimizer.Step b = Adam.keras().start(CONSTANT, p2);
    b.restoreState(saved);
    INDArray ga = Nd4j.create(new float[][] {{0.3f, -1, 2, 0, 5}});
    INDArray gb = ga.dup();
    a.apply(ga, 2, 0);
    b.apply(gb, 2, 0);
    assertArrayEquals(ga.toFloatVector(), gb.toFloatVector());
    assertArrayEquals(a.saveState(), b.saveState());
    assertThrows(IllegalArgumentException.class, () -> b.restoreState(new float[5]));
  }

  @Test
  void registryUsesKerasDefaultsAndNamesBadParameters() {
    assertEquals(Adam.keras(), OptimizerRegistry.create("adam", Map.of()));
    assertEquals(new AdamW(0.9, 0.999, 1e-7, 0.004), OptimizerRegistry.create("adamw", Map.of()));
    assertEquals(new Sgd(0.9, true), OptimizerRegistry.create("sgd", Map.of()));
    assertEquals(new Adam(0.9, 0.98, 1e-7), OptimizerRegistry.create("adam", Map.of("beta_2", 0.98)));
    assertEquals("adam(beta_1=0.9,beta_2=0.999,epsilon=1.0E-7)", Adam.keras().label());

    InvalidOptimizerException unknown = assertThrows(InvalidOptimizerException.class,
        () -> OptimizerRegistry.create("rmsprop", Map.of()));
    assertEquals("must be one of adam, adamw, sgd", unknown.rule());
    InvalidOptimizerException foreign = assertThrows(InvalidOptimizerException.class,
        () -> OptimizerRegistry.create("adam", Map.of("momentum", 0.9)));
    assertEquals("momentum", foreign.parameter());
    assertEquals("is not a parameter of adam (it takes beta_1, beta_2, epsilon)", foreign.rule());
    InvalidOptimizerException range = assertThrows(InvalidOptimizerException.class,
        () -> OptimizerRegistry.create("adamw", Map.of("beta_1", 1.0)));
    assertEquals("beta_1", range.parameter());
    assertTrue(range.getMessage().contains("must be in [0, 1)"), range.getMessage());
    assertThrows(InvalidOptimizerException.class, () -> OptimizerRegistry.create("adam", Map.of("epsilon", "small")));
  }
}
