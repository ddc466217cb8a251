package dev.lrsweep.model;

/**
 * The element-wise parts of MiniVGG, written as plain Java loops over heap float arrays.
 *
 * <p>Why Java and not ND4J ops: on the oneDNN build of libnd4j M2.1 the element-wise and
 * broadcast ops around BatchNorm are the slow part of a step (a per-channel broadcast multiply
 * of a 64x32x32x32 tensor takes about 20 ms, {@code relu_bp} about 8 ms), while a fused Java
 * loop over the same data, copied to the heap in 0.2 ms, takes well under a millisecond. Each
 * method here does in one or two passes what would be several ND4J ops.
 *
 * <p>Layout: a tensor of {@code n} items, {@code c} channels and {@code s} positions per channel,
 * index {@code (i * c + ch) * s + p} (NCHW with {@code s = H * W}; a dense layer is {@code s =
 * 1}). Statistics are accumulated in double.
 *
 * <p>Single-threaded on purpose: splitting channels over two Java threads was measured slower
 * (740 vs 910 images/s in training), because libgomp's worker threads keep spinning on the
 * cores for a while after each native op and compete with a second Java thread.
 */
final class Kernels {
  private Kernels() {}

  /**
   * Training-mode ReLU followed by BatchNorm with batch statistics. Reads {@code z}, leaves
   * {@code relu(z)} in {@code y} (kept for the backward pass), writes the normalised output to
   * {@code out}, and the batch mean and 1/sqrt(var + eps) to {@code mean} and {@code invStd}
   * (the variance, biased as Keras uses it, to {@code var}).
   */
  static void reluBatchNormTrain(
      float[] z, float[] y, float[] out, int n, int c, int s,
      float[] gamma, float[] beta, double eps,
      double[] mean, double[] var, double[] invStd) {
    double[] sum = new double[c];
    double[] sq = new double[c];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * s;
        // Four independent accumulators each: the JIT does not vectorise float reductions, so
        // break the add-latency chain instead.
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float q0 = 0f;
        float q1 = 0f;
        float q2 = 0f;
        float q3 = 0f;
        int p = 0;
        for (; p + 3 < s; p += 4) {
          float a = Math.max(z[base + p], 0f);
          float b = Math.max(z[base + p + 1], 0f);
          float c2 = Math.max(z[base + p + 2], 0f);
          float d = Math.max(z[base + p + 3], 0f);
          y[base + p] = a;
          y[base + p + 1] = b;
          y[base + p + 2] = c2;
          y[base + p + 3] = d;
          s0 += a;
          s1 += b;
          s2 += c2;
          s3 += d;
          q0 += a * a;
          q1 += b * b;
          q2 += c2 * c2;
          q3 += d * d;
        }
        for (; p < s; p++) {
          float a = Math.max(z[base + p], 0f);
          y[base + p] = a;
          s0 += a;
          q0 += a * a;
        }
        sum[ch] += (double) s0 + s1 + s2 + s3;
        sq[ch] += (double) q0 + q1 + q2 + q3;
      }
    }
    double count = (double) n * s;
    float[] scale = new float[c];
    float[] shift = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double m = sum[ch] / count;
      double v = Math.max(sq[ch] / count - m * m, 0.0);
      mean[ch] = m;
      var[ch] = v;
      invStd[ch] = 1.0 / Math.sqrt(v + eps);
      scale[ch] = (float) (gamma[ch] * invStd[ch]);
      shift[ch] = (float) (beta[ch] - m * gamma[ch] * invStd[ch]);
    }
    affine(y, out, n, c, s, scale, shift);
  }

  /** Inference-mode ReLU followed by BatchNorm with the running statistics. */
  static void reluBatchNormInfer(
      float[] z, float[] out, int n, int c, int s,
      float[] gamma, float[] beta, double eps, double[] runMean, double[] runVar) {
    float[] scale = new float[c];
    float[] shift = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double k = gamma[ch] / Math.sqrt(runVar[ch] + eps);
      scale[ch] = (float) k;
      shift[ch] = (float) (beta[ch] - runMean[ch] * k);
    }
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * s;
        float k = scale[ch];
        float b = shift[ch];
        for (int p = base; p < base + s; p++) {
          out[p] = Math.max(z[p], 0f) * k + b;
        }
      }
    }
  }

  private static void affine(float[] y, float[] out, int n, int c, int s, float[] scale, float[] shift) {
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * s;
        float k = scale[ch];
        float b = shift[ch];
        for (int p = base; p < base + s; p++) {
          out[p] = y[p] * k + b;
        }
      }
    }
  }

  /**
   * Backward pass of {@link #reluBatchNormTrain}: from the gradient {@code g} of the BN output,
   * writes the gradient of the ReLU input into {@code g} (in place), and the gradients of gamma
   * and beta to {@code dGamma} and {@code dBeta}. The batch statistics are those of the forward
   * pass, and their own dependence on the input is included (training-mode BN).
   *
   * <p>With M = n*s, xhat = (y - mean) * invStd: dBeta = sum(g), dGamma = sum(g * xhat), and dy
   * = gamma * invStd / M * (M * g - dBeta - xhat * dGamma), which is k1 * g + k2 * y + k3 per
   * channel; dz = dy where y > 0 (ReLU), else 0.
   */
  static void reluBatchNormBackward(
      float[] g, float[] y, int n, int c, int s,
      float[] gamma, double[] mean, double[] invStd, float[] dGamma, float[] dBeta) {
    double[] sumG = new double[c];
    double[] sumGy = new double[c];
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * s;
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        float a3 = 0f;
        float b0 = 0f;
        float b1 = 0f;
        float b2 = 0f;
        float b3 = 0f;
        int p = 0;
        for (; p + 3 < s; p += 4) {
          float g0 = g[base + p];
          float g1 = g[base + p + 1];
          float g2 = g[base + p + 2];
          float g3 = g[base + p + 3];
          a0 += g0;
          a1 += g1;
          a2 += g2;
          a3 += g3;
          b0 += g0 * y[base + p];
          b1 += g1 * y[base + p + 1];
          b2 += g2 * y[base + p + 2];
          b3 += g3 * y[base + p + 3];
        }
        for (; p < s; p++) {
          a0 += g[base + p];
          b0 += g[base + p] * y[base + p];
        }
        sumG[ch] += (double) a0 + a1 + a2 + a3;
        sumGy[ch] += (double) b0 + b1 + b2 + b3;
      }
    }
    double count = (double) n * s;
    float[] k1 = new float[c];
    float[] k2 = new float[c];
    float[] k3 = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double is = invStd[ch];
      double db = sumG[ch];
      double dg = is * (sumGy[ch] - mean[ch] * sumG[ch]);
      dBeta[ch] = (float) db;
      dGamma[ch] = (float) dg;
      double a = gamma[ch] * is;
      k1[ch] = (float) a;
      k2[ch] = (float) (-a * is * dg / count);
      k3[ch] = (float) (-a * db / count + a * is * dg * mean[ch] / count);
    }
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        int base = (i * c + ch) * s;
        float a = k1[ch];
        float b = k2[ch];
        float d = k3[ch];
        for (int p = base; p < base + s; p++) {
          float yv = y[p];
          float dy = a * g[p] + b * yv + d;
          g[p] = Float.intBitsToFloat(Float.floatToRawIntBits(dy) & reluMask(yv));
        }
      }
    }
  }

  /**
   * All ones when {@code y > 0}, else 0, for a ReLU output {@code y} (never negative, never
   * -0.0: {@code Math.max(z, 0f)} returns +0.0). Written with bits rather than {@code y > 0 ? dy
   * : 0} because that compiles to a branch, which mispredicts on about half of the elements and
   * made the BN backward pass 5x slower.
   */
  private static int reluMask(float y) {
    return -Float.floatToRawIntBits(y) >> 31;
  }

  /** Running statistics, as Keras updates them: {@code run = run * momentum + batch * (1 - momentum)}. */
  static void updateRunning(double[] run, double[] batch, double momentum) {
    for (int ch = 0; ch < run.length; ch++) {
      run[ch] = run[ch] * momentum + batch[ch] * (1 - momentum);
    }
  }

  /**
   * Inverted dropout: {@code out = in * mask} with {@code mask} 0 (probability {@code rate}) or
   * 1/(1 - rate), drawn from {@code rng}. The mask is kept for the backward pass.
   */
  static void dropout(float[] in, float[] out, float[] mask, int len, double rate, java.util.SplittableRandom rng) {
    if (rate == 0) {
      java.util.Arrays.fill(mask, 0, len, 1f);
      System.arraycopy(in, 0, out, 0, len);
      return;
    }
    // Four 16-bit draws per nextLong: keep when the draw is below keep * 2^16.
    int threshold = (int) Math.round((1 - rate) * 65536);
    float keep = (float) (1.0 / (1 - rate));
    int i = 0;
    while (i < len) {
      long bits = rng.nextLong();
      for (int k = 0; k < 4 && i < len; k++, i++) {
        int draw = (int) (bits & 0xFFFF);
        bits >>>= 16;
        float m = draw < threshold ? keep : 0f;
        mask[i] = m;
        out[i] = in[i] * m;
      }
    }
  }

  /** Backward pass of {@link #dropout}: {@code g *= mask}, in place. */
  static void dropoutBackward(float[] g, float[] mask, int len) {
    for (int i = 0; i < len; i++) {
      g[i] *= mask[i];
    }
  }

  /** Adds {@code bias[j]} to column {@code j} of an {@code n x m} row-major matrix, in place. */
  static void addBias(float[] x, int n, int m, float[] bias) {
    for (int i = 0; i < n; i++) {
      int base = i * m;
      for (int j = 0; j < m; j++) {
        x[base + j] += bias[j];
      }
    }
  }

  /** Column sums of an {@code n x m} row-major matrix (the gradient of a bias). */
  static void columnSums(float[] x, int n, int m, float[] out) {
    double[] acc = new double[m];
    for (int i = 0; i < n; i++) {
      int base = i * m;
      for (int j = 0; j < m; j++) {
        acc[j] += x[base + j];
      }
    }
    for (int j = 0; j < m; j++) {
      out[j] = (float) acc[j];
    }
  }

  /**
   * Softmax of each row of {@code logits} (n x k), written over it, as probabilities. When
   * {@code labels} is not null, also returns the summed cross-entropy, leaves in {@code grad} the
   * gradient of the mean cross-entropy with respect to the logits, ((p - onehot) / n), and counts
   * correct argmax predictions into {@code correct[0]}.
   */
  static double softmaxCrossEntropy(float[] logits, int n, int k, int[] labels, float[] grad, int[] correct) {
    double lossSum = 0;
    for (int i = 0; i < n; i++) {
      int base = i * k;
      float max = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int j = 0; j < k; j++) {
        if (logits[base + j] > max) {
          max = logits[base + j];
          arg = j;
        }
      }
      double total = 0;
      for (int j = 0; j < k; j++) {
        total += Math.exp(logits[base + j] - max);
      }
      double logTotal = Math.log(total);
      if (labels != null) {
        int label = labels[i];
        lossSum += logTotal - (logits[base + label] - max);
        if (arg == label) {
          correct[0]++;
        }
      }
      for (int j = 0; j < k; j++) {
        logits[base + j] = (float) Math.exp(logits[base + j] - max - logTotal);
      }
      if (labels != null && grad != null) {
        for (int j = 0; j < k; j++) {
          float onehot = j == labels[i] ? 1f : 0f;
          grad[base + j] = (logits[base + j] - onehot) / n;
        }
      }
    }
    return lossSum;
  }
}
