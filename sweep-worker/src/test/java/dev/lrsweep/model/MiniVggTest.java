package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shapes, modes and determinism of the full network, on a small network and on the article's. */
class MiniVggTest {
  private static final int IMAGE = 3 * 32 * 32;

  static float[] images(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * IMAGE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  static int[] labels(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(10);
    }
    return y;
  }

  @Test
  void articleNetworkHasTheArticlesParameterCountAndFlops() {
    try (MiniVgg net = new MiniVgg(MiniVggConfig.article(), 2, 1)) {
      // Keras model.summary() of MiniVGGNet, counted by hand:
      // conv 3->32: 3*3*3*32+32 = 896; conv 32->32: 9248; conv 32->64: 18496; conv 64->64: 36928;
      // BN gammas+betas: 2*(32+32+64+64+512) = 1408; dense 4096->512: 2097664; dense 512->10: 5130.
      assertEquals(896 + 9248 + 18496 + 36928 + 1408 + 2097664 + 5130, net.numParams());
    }
    // 32*32*9*(3*32 + 32*32) + 16*16*9*(32*64 + 64*64) + 4096*512 + 512*10
    assertEquals(10_321_920L + 14_155_776L + 2_097_152L + 5_120L,
        MiniVggConfig.article().forwardMultiplyAdds());
  }

  @Test
  void inferenceGivesOneProbabilityRowPerImageSummingToOne() {
    int n = 5;
    try (MiniVgg net = new MiniVgg(MiniVggConfig.article(), 8, 7)) {
      float[] p = net.predict(images(n, 1), n);
      assertEquals(n * 10, p.length, "predict must return [N, 10] probabilities");
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int j = 0; j < 10; j++) {
          float v = p[i * 10 + j];
          assertTrue(v >= 0 && v <= 1, "probability out of [0, 1]: " + v);
          sum += v;
        }
        assertEquals(1.0, sum, 1e-5, "row " + i + " must sum to 1");
      }
    }
  }

  @Test
  void inferenceIsDeterministicAndTrainingModeIsNot() {
    int n = 8;
    float[] x = images(n, 2);
    try (MiniVgg net = new MiniVgg(MiniVggConfig.ofWidths(8, 8, 32), n, 3)) {
      float[] a = net.predict(x, n);
      float[] b = net.predict(x, n);
      assertArrayEquals(a, b, "two inference calls on the same input must agree exactly");
      // Training mode: dropout masks differ between draws, and BN uses batch statistics.
      SplittableRandom rng = new SplittableRandom(4);
      float[] t1 = net.predictTrainingMode(x, n, rng);
      float[] t2 = net.predictTrainingMode(x, n, rng);
      assertFalse(Arrays.equals(t1, t2), "training mode must draw new dropout masks");
      // Same dropout draws give the same training-mode output.
      float[] t3 = net.predictTrainingMode(x, n, new SplittableRandom(4));
      assertArrayEquals(t1, t3);
      // The training-mode calls moved the running statistics, so inference changed.
      float[] c = net.predict(x, n);
      assertFalse(Arrays.equals(a, c), "running statistics must move in training mode");
    }
  }

  @Test
  void inferenceWithRunningStatisticsEqualToTheBatchsMatchesTrainingMode() {
    // BN momentum 0 makes the running statistics those of the last batch; without dropout,
    // inference on that same batch must then reproduce the training-mode output.
    int n = 6;
    float[] x = images(n, 15);
    MiniVggConfig cfg = new MiniVggConfig(8, 8, 32, 10, 0, 0, 0.0, 1e-3);
    try (MiniVgg net = new MiniVgg(cfg, n, 16)) {
      float[] train = net.predictTrainingMode(x, n, new SplittableRandom(1));
      float[] infer = net.predict(x, n);
      for (int i = 0; i < train.length; i++) {
        assertEquals(train[i], infer[i], 1e-4, "probability " + i);
      }
    }
  }

  @Test
  void runningStatisticsFollowKerasMomentum() {
    int n = 4;
    float[] x = images(n, 5);
    MiniVggConfig cfg = MiniVggConfig.ofWidths(4, 4, 8).withDropout(0, 0);
    try (MiniVgg net = new MiniVgg(cfg, n, 6)) {
      double[][] before = net.runningMeans();
      assertEquals(0.0, before[0][0]);
      assertEquals(1.0, net.runningVariances()[0][0]);
      net.predictTrainingMode(x, n, new SplittableRandom(1));
      double[][] m1 = net.runningMeans();
      double[][] v1 = net.runningVariances();
      net.predictTrainingMode(x, n, new SplittableRandom(1));
      double[][] m2 = net.runningMeans();
      double[][] v2 = net.runningVariances();
      // Parameters did not change, so both calls saw the same batch statistics b:
      // m1 = 0.99*0 + 0.01*b, m2 = 0.99*m1 + 0.01*b = 1.99*m1.
      for (int l = 0; l < 5; l++) {
        for (int c = 0; c < m1[l].length; c++) {
          assertEquals(1.99 * m1[l][c], m2[l][c], 1e-9 + 1e-6 * Math.abs(m2[l][c]));
          double batchVar = (v1[l][c] - 0.99) / 0.01;
          assertTrue(batchVar >= 0, "batch variance must be >= 0, found " + batchVar);
          assertEquals(0.99 * v1[l][c] + 0.01 * batchVar, v2[l][c], 1e-9);
        }
      }
    }
  }

  @Test
  void repeatedTrainStepsGiveIdenticalGradients() {
    int n = 6;
    float[] x = images(n, 8);
    int[] y = labels(n, 9);
    try (MiniVgg net = new MiniVgg(MiniVggConfig.ofWidths(8, 8, 32), n, 10)) {
      MiniVgg.BatchOutcome a = net.trainStep(x, y, n, new SplittableRandom(3));
      float[] ga = net.gradients().toFloatVector();
      MiniVgg.BatchOutcome b = net.trainStep(x, y, n, new SplittableRandom(3));
      float[] gb = net.gradients().toFloatVector();
      assertEquals(a.lossSum(), b.lossSum());
      assertArrayEquals(ga, gb, "same input, parameters and dropout draws must give the same gradients");
    }
  }

  @Test
  void smallerBatchesThanTheMaximumWorkAndMatchThemselves() {
    try (MiniVgg net = new MiniVgg(MiniVggConfig.ofWidths(4, 4, 8), 8, 11)) {
      float[] x = images(3, 12);
      float[] whole = net.predict(x, 3);
      // Inference is per image: the first image alone must give the same probabilities.
      float[] first = net.predict(Arrays.copyOf(x, IMAGE), 1);
      for (int j = 0; j < 10; j++) {
        assertEquals(whole[j], first[j], 1e-5);
      }
      assertThrows(IllegalArgumentException.class, () -> net.predict(images(9, 1), 9));
    }
  }

  @Test
  void parametersAreOneFlatArrayTheUpdaterCanChange() {
    try (MiniVgg net = new MiniVgg(MiniVggConfig.ofWidths(4, 4, 8), 2, 13)) {
      float[] x = images(2, 14);
      float[] before = net.predict(x, 2);
      INDArray p = net.params();
      p.muli(0.5);
      float[] after = net.predict(x, 2);
      assertFalse(Arrays.equals(before, after), "changing params() must change the network");
    }
  }
}
