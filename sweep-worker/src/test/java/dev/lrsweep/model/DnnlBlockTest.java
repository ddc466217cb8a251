package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MiniVGG's oneDNN block primitives against the textbook formulas, computed here in double
 * precision from the definitions (NHWC tensors, channel fastest): training-mode BatchNorm of a
 * ReLU output with its full gradient and ReLU's mask ({@link DnnlBatchNorm}), 2x2 max pooling
 * ({@link DnnlPool}) and its gradient ({@link Kernels#maxUnpool}), and the element-wise multiply
 * of dropout ({@link DnnlMul}).
 */
class DnnlBlockTest {
  private static final double TOLERANCE = 1e-5;
  /**
   * oneDNN sums BatchNorm's statistics and gradient sums in float32, so over 16,384 rows per
   * channel its results are good to a few 1e-5 (measured: 3.4e-5 on an output of 0.31), not to
   * float rounding; a wrong formula is off by far more.
   */
  private static final double BN_TOLERANCE = 2e-4;

  @Test
  void batchNormMatchesTheTextbookForwardAndBackward() {
    // Widths that are not a multiple of 8 fall back to oneDNN's C++ kernel (the gradient
    // check's narrow networks); MiniVGG's 32 and 64 channels must get the AVX2 jit kernel,
    // here also over as many rows per channel as a batch of 64 has at 16x16.
    batchNorm(3, 5, 4, false);
    batchNorm(4, 3, 32, false);
    batchNorm(2, 32, 8, true);
    batchNorm(64, 64, 16, true);
  }

  private static void batchNorm(int n, int c, int side, boolean jit) {
    double eps = 1e-3;
    int rows = n * side * side;
    SplittableRandom r = new SplittableRandom(11);
    // A ReLU output: about half the values exactly 0.
    double[] y = new double[rows * c];
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(0f, (float) (r.nextDouble() * 2 - 1));
    }
    double[] g = random(rows * c, r);
    double[] gammaBeta = random(2 * c, r);
    INDArray yA = array(y);
    INDArray hA = Nd4j.create(DataType.FLOAT, y.length);
    INDArray gA = array(g);
    INDArray gbA = array(gammaBeta);
    INDArray dgbA = Nd4j.create(DataType.FLOAT, 2 * c);
    double[] mean = new double[c];
    double[] var = new double[c];
    try (DnnlBatchNorm bn = new DnnlBatchNorm(n, c, side, eps, at(yA), at(hA), at(gA), at(gbA), at(dgbA))) {
      if (jit) {
        assertTrue(bn.implementation.contains("jit"), "a jit kernel expected, found " + bn.implementation);
      }
      bn.forward(mean, var);
      bn.backward();
    }
    // Textbook: mean and biased variance over the rows, xhat = (y - mean) / sqrt(var + eps).
    double[] m = new double[c];
    double[] v = new double[c];
    for (int i = 0; i < y.length; i++) {
      m[i % c] += y[i] / rows;
    }
    for (int i = 0; i < y.length; i++) {
      double d = y[i] - m[i % c];
      v[i % c] += d * d / rows;
    }
    double[] h = new double[y.length];
    double[] dGamma = new double[c];
    double[] dBeta = new double[c];
    for (int i = 0; i < y.length; i++) {
      int ch = i % c;
      double xhat = (y[i] - m[ch]) / Math.sqrt(v[ch] + eps);
      h[i] = gammaBeta[ch] * xhat + gammaBeta[c + ch];
      dGamma[ch] += g[i] * xhat;
      dBeta[ch] += g[i];
    }
    // dL/dy = gamma / sqrt(var + eps) * (g - dBeta / M - xhat * dGamma / M), then ReLU's mask.
    double[] dz = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      int ch = i % c;
      double is = 1 / Math.sqrt(v[ch] + eps);
      double xhat = (y[i] - m[ch]) * is;
      double dy = gammaBeta[ch] * is * (g[i] - dBeta[ch] / rows - xhat * dGamma[ch] / rows);
      dz[i] = y[i] > 0 ? dy : 0;
    }
    for (int ch = 0; ch < c; ch++) {
      assertEquals(m[ch], mean[ch], BN_TOLERANCE * m[ch], "mean of channel " + ch);
      assertEquals(v[ch], var[ch], BN_TOLERANCE * v[ch], "biased variance of channel " + ch);
    }
    assertClose(h, hA, "normalised output", BN_TOLERANCE);
    assertClose(dz, gA, "gradient with respect to the ReLU input", BN_TOLERANCE);
    double[] dgb = new double[2 * c];
    System.arraycopy(dGamma, 0, dgb, 0, c);
    System.arraycopy(dBeta, 0, dgb, c, c);
    // Sums over all rows: compared relative to the largest of them.
    double largest = 0;
    for (double d : dgb) {
      largest = Math.max(largest, Math.abs(d));
    }
    assertClose(dgb, dgbA, "gamma and beta gradients", BN_TOLERANCE * largest);
  }

  @Test
  void maxPoolingTakesEachWindowsMaximumAndItsBackwardTheFirstLargest() {
    int n = 2;
    int c = 3;
    int side = 4;
    int half = side / 2;
    SplittableRandom r = new SplittableRandom(12);
    double[] x = random(n * side * side * c, r);
    // A tie in the first window of channel 0: the first in row-major order must win.
    x[0] = 2;
    x[c] = 2;
    double[] gp = random(n * half * half * c, r);
    INDArray xA = array(x);
    INDArray pA = Nd4j.create(DataType.FLOAT, gp.length);
    try (DnnlPool pool = new DnnlPool(n, c, side, at(xA), at(pA))) {
      assertTrue(pool.implementation.startsWith("jit"), "a jit kernel expected, found " + pool.implementation);
      pool.forward();
    }
    float[] gx = new float[x.length];
    Kernels.maxUnpool(toFloats(gp), xA.toFloatVector(), gx, n, side, c);
    double[] p = new double[gp.length];
    double[] expectedGx = new double[x.length];
    for (int i = 0; i < n; i++) {
      for (int row = 0; row < half; row++) {
        for (int col = 0; col < half; col++) {
          for (int ch = 0; ch < c; ch++) {
            int best = -1;
            for (int dr = 0; dr < 2; dr++) {
              for (int dc = 0; dc < 2; dc++) {
                int at = ((i * side + 2 * row + dr) * side + 2 * col + dc) * c + ch;
                if (best < 0 || x[at] > x[best]) {
                  best = at;
                }
              }
            }
            int out = ((i * half + row) * half + col) * c + ch;
            p[out] = x[best];
            expectedGx[best] = gp[out];
          }
        }
      }
    }
    assertClose(p, pA, "pooled output");
    assertClose(expectedGx, Nd4j.createFromArray(gx), "input gradient");
    assertEquals(gp[0], gx[0], TOLERANCE, "the first of two tied maxima wins");
    assertEquals(0.0, gx[c], "the second of two tied maxima gets nothing");
  }

  @Test
  void trainingPoolingRoutesEachWindowsGradientToOneOfItsMaxima() {
    SplittableRandom r = new SplittableRandom(17);
    int n = 2;
    int c = 16;
    int side = 8;
    int half = side / 2;
    double[] x = random(n * side * side * c, r);
    // A tie in the first window of channel 0 and an all-equal window in channel 1.
    x[0] = 2;
    x[c] = 2;
    for (int at : new int[] {1, c + 1, side * c + 1, side * c + c + 1}) {
      x[at] = 0.5;
    }
    double[] gp = random(n * half * half * c, r);
    INDArray xA = array(x);
    INDArray pA = Nd4j.create(DataType.FLOAT, gp.length);
    INDArray gpA = array(gp);
    INDArray gxA = Nd4j.create(DataType.FLOAT, x.length);
    try (DnnlPool pool = DnnlPool.training(n, c, side, at(xA), at(pA), at(gpA), at(gxA))) {
      assertTrue(pool.implementation.startsWith("jit"), "a jit kernel expected, found " + pool.implementation);
      pool.forward();
      pool.backward();
    }
    float[] p = pA.toFloatVector();
    float[] gx = gxA.toFloatVector();
    float[] xf = xA.toFloatVector();
    for (int i = 0; i < n; i++) {
      for (int row = 0; row < half; row++) {
        for (int col = 0; col < half; col++) {
          for (int ch = 0; ch < c; ch++) {
            int out = ((i * half + row) * half + col) * c + ch;
            double max = Double.NEGATIVE_INFINITY;
            int nonZero = 0;
            for (int dr = 0; dr < 2; dr++) {
              for (int dc = 0; dc < 2; dc++) {
                int at = ((i * side + 2 * row + dr) * side + 2 * col + dc) * c + ch;
                max = Math.max(max, xf[at]);
                if (gx[at] != 0) {
                  nonZero++;
                  assertEquals((float) gp[out], gx[at], "window " + out + ": the gradient, unchanged");
                }
              }
            }
            assertEquals(max, p[out], "window " + out + ": the pooled maximum");
            assertEquals(1, nonZero, "window " + out + ": the gradient on exactly one element");
            for (int dr = 0; dr < 2; dr++) {
              for (int dc = 0; dc < 2; dc++) {
                int at = ((i * side + 2 * row + dr) * side + 2 * col + dc) * c + ch;
                if (gx[at] != 0) {
                  assertEquals(max, xf[at], "window " + out + ": the gradient on a maximum");
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void multiplyIsElementWiseAndWorksInPlace() {
    SplittableRandom r = new SplittableRandom(13);
    int len = 2 * 3 * 3 * 4;
    double[] a = random(len, r);
    double[] b = random(len, r);
    INDArray aA = array(a);
    INDArray bA = array(b);
    INDArray out = Nd4j.create(DataType.FLOAT, len);
    double[] expected = new double[len];
    for (int i = 0; i < len; i++) {
      expected[i] = (float) a[i] * (float) b[i];
    }
    try (DnnlMul mul = new DnnlMul(2, 4, 3, at(aA), at(bA), at(out));
        DnnlMul inPlace = new DnnlMul(2, 4, 3, at(aA), at(bA), at(aA))) {
      assertTrue(mul.implementation.startsWith("jit"), "a jit kernel expected, found " + mul.implementation);
      mul.run();
      inPlace.run();
    }
    assertClose(expected, out, "product");
    assertClose(expected, aA, "product in place");
  }

  private static void assertClose(double[] expected, INDArray actual, String what) {
    assertClose(expected, actual, what, TOLERANCE);
  }

  private static void assertClose(double[] expected, INDArray actual, String what, double tolerance) {
    float[] a = actual.toFloatVector();
    assertEquals(expected.length, a.length, what + " length");
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tolerance * Math.max(1, Math.abs(expected[i])),
          what + " differs at element " + i);
    }
  }

  /** Values exact in float, so the double formulas see what the primitives see. */
  private static double[] random(int len, SplittableRandom r) {
    double[] v = new double[len];
    for (int i = 0; i < len; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  private static INDArray array(double[] v) {
    return Nd4j.createFromArray(toFloats(v));
  }

  private static long at(INDArray a) {
    return DnnlBase.address(a, 0);
  }
}
