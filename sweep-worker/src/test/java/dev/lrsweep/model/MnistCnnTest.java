package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Keras MNIST CNN: Keras's parameter count, probabilities, the registry's shape rule, and the
 * gradient check (as {@link GradientCheckTest} does for MiniVGG) against {@link
 * ReferenceMnistCnn}, an independent double-precision forward pass.
 */
class MnistCnnTest {
  private static final ImageShape MNIST = new ImageShape(1, 28, 28);

  private static float[] images(int n, int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  private static int[] labels(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
    }
    return y;
  }

  @Test
  void kerasNetworkHasKerasParameterCount() {
    // model.summary() of mnist_cnn.py, by hand: conv 3*3*1*32+32 = 320, conv 3*3*32*64+64 =
    // 18,496, dense 12*12*64*128+128 = 1,179,776, dense 128*10+10 = 1,290.
    try (Model net = ModelRegistry.get("mnist_cnn").create(MNIST, 10, 2, 1)) {
      assertEquals(320 + 18_496 + 1_179_776 + 1_290, net.numParams());
      assertEquals(0, net.runningMeans().length, "no BatchNorm, no running statistics");
    }
  }

  @Test
  void glorotUniformWeightsAndZeroBiases() {
    try (Model net = ModelRegistry.get("mnist_cnn").create(MNIST, 10, 1, 5)) {
      float[] p = net.params().toFloatVector();
      double limit1 = Math.sqrt(6.0 / (9 * 1 + 9 * 32));
      double max = 0;
      for (int i = 0; i < 288; i++) {
        max = Math.max(max, Math.abs(p[i]));
      }
      assertTrue(max <= limit1 && max > 0.9 * limit1, "conv1 weights within and filling the Glorot limit " + limit1 + ": " + max);
      for (int i = 288; i < 320; i++) {
        assertEquals(0f, p[i], "conv1 bias " + i);
      }
    }
  }

  @Test
  void probabilitiesSumToOneAndInferenceIsRepeatable() {
    int n = 3;
    float[] x = images(n, 784, 11);
    try (MnistCnn net = new MnistCnn(MnistCnn.Config.keras(), MNIST, 10, n, 3)) {
      float[] a = net.predict(x, n);
      float[] b = net.predict(x, n);
      assertArrayEquals(a, b, "inference has no randomness");
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < 10; j++) {
          sum += a[i * 10 + j];
        }
        assertEquals(1.0, sum, 1e-5);
      }
      Model.Outcome o = net.evaluate(x, new int[] {0, 1, 2}, n, null);
      double expected = -Math.log(a[0]) - Math.log(a[11]) - Math.log(a[22]);
      assertEquals(expected, o.lossSum(), 1e-4, "evaluate's loss is the cross-entropy of predict's probabilities");
    }
  }

  @Test
  void trainingModeDropsUnitsAndTheSameGeneratorGivesTheSameGradients() {
    int n = 2;
    float[] x = images(n, 784, 1);
    int[] y = {3, 7};
    try (MnistCnn net = new MnistCnn(MnistCnn.Config.keras(), MNIST, 10, n, 9)) {
      double l1 = net.trainStep(x, y, n, new SplittableRandom(5)).lossSum();
      float[] g1 = net.gradients().toFloatVector();
      double l2 = net.trainStep(x, y, n, new SplittableRandom(5)).lossSum();
      float[] g2 = net.gradients().toFloatVector();
      assertEquals(l1, l2);
      assertArrayEquals(g1, g2);
      double l3 = net.trainStep(x, y, n, new SplittableRandom(6)).lossSum();
      assertNotEquals(l1, l3, "other dropout masks, another loss");
    }
  }

  @Test
  void registryRefusesImagesTheNetworkCannotTake() {
    ModelFactory f = ModelRegistry.get("mnist_cnn");
    assertTrue(f.incompatibility(MNIST, 10).isEmpty());
    assertTrue(f.incompatibility(new ImageShape(3, 32, 32), 10).isEmpty(), "32 - 4 = 28 is even");
    assertTrue(f.incompatibility(new ImageShape(1, 27, 27), 10).orElseThrow().contains("1x27x27"));
    assertTrue(ModelRegistry.get("minivgg").incompatibility(MNIST, 10).orElseThrow()
        .contains("minivgg takes 3x32x32 images"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelRegistry.get("resnet"));
    assertEquals("unknown model 'resnet': must be one of minivgg, mnist_cnn", e.getMessage());
  }

  @Test
  void analyticGradientsMatchFiniteDifferencesWithDropoutOn() {
    check(new MnistCnn.Config(3, 4, 6, 0.25, 0.5), new ImageShape(1, 10, 10), 20261129L);
  }

  @Test
  void analyticGradientsMatchFiniteDifferencesWithoutDropoutOnColourImages() {
    check(new MnistCnn.Config(2, 3, 5, 0, 0), new ImageShape(3, 8, 8), 8L);
  }

  private static void check(MnistCnn.Config cfg, ImageShape shape, long seed) {
    int n = 4;
    int classes = 10;
    float[] x = images(n, shape.size(), seed);
    int[] y = labels(n, classes, seed + 1);
    long dropoutSeed = seed + 2;
    ReferenceMnistCnn ref = new ReferenceMnistCnn(cfg, shape.channels(), shape.height(), classes);
    int s3 = (shape.height() - 4) / 2;
    int flat = s3 * s3 * cfg.conv2();
    long[] lengths = {
      9L * shape.channels() * cfg.conv1(), cfg.conv1(), 9L * cfg.conv1() * cfg.conv2(), cfg.conv2(),
      (long) flat * cfg.dense(), cfg.dense(), (long) cfg.dense() * classes, classes
    };
    String[] names = {"conv1.W", "conv1.b", "conv2.W", "conv2.b", "dense1.W", "dense1.b", "dense2.W", "dense2.b"};
    try (MnistCnn net = new MnistCnn(cfg, shape, classes, n, seed)) {
      // Perturb the initial parameters so the biases are not all zero.
      INDArray p = net.params();
      SplittableRandom r = new SplittableRandom(seed + 3);
      float[] pv = p.toFloatVector();
      for (int i = 0; i < pv.length; i++) {
        pv[i] += (float) (0.1 * (r.nextDouble() - 0.5));
      }
      p.assign(Nd4j.create(pv, new long[] {1, pv.length}));
      double[] theta = new double[pv.length];
      for (int i = 0; i < pv.length; i++) {
        theta[i] = pv[i];
      }
      long total = 0;
      for (long len : lengths) {
        total += len;
      }
      assertEquals(total, pv.length, "parameter layout");

      double engineLoss = net.trainStep(x, y, n, new SplittableRandom(dropoutSeed)).lossSum() / n;
      float[] grad = net.gradients().toFloatVector();
      double refLoss = ref.loss(theta, x, y, n, dropoutSeed);
      assertEquals(refLoss, engineLoss, 1e-4, "engine forward pass must equal the reference's");

      StringBuilder failures = new StringBuilder();
      int off = 0;
      for (int k = 0; k < lengths.length; k++) {
        int len = (int) lengths[k];
        failures.append(DirectionalCheck.block(names[k], t -> ref.loss(t, x, y, n, dropoutSeed), theta, grad, off,
            len, r));
        off += len;
      }
      assertTrue(failures.length() == 0, "gradient check failed for:\n" + failures);
    }
  }
}
