package dev.lrsweep.model;

/**
 * The element-wise parts of the networks (MiniVGG, the MNIST CNN), written as plain Java loops
 * over heap float arrays.
 *
 * <p>Why Java and not ND4J ops: on the oneDNN build of libnd4j M2.1 the element-wise and
 * broadcast ops around BatchNorm are the slow part of a step (a per-channel broadcast multiply
 * of a 64x32x32x32 tensor takes about 20 ms, {@code relu_bp} about 8 ms), while a fused Java
 * loop over the same data, copied to the heap in 0.2 ms, takes a millisecond or two. Each
 * method here does in one or two passes what would be several ND4J ops.
 *
 * <p>Layout: channels last (NHWC). A tensor is {@code rows} rows of {@code c} channels, a row
 * being one position of one image ({@code rows = n * H * W}; a dense layer is {@code rows = n}),
 * so the inner loops run over channels, contiguous, and per-channel sums are element-wise adds
 * into per-channel accumulators. Sums are accumulated in float over blocks of rows and in
 * double across blocks.
 *
 * <p>Single-threaded on purpose: splitting the work over two Java threads was measured slower
 * (740 vs 910 images/s in training), because libgomp's worker threads keep spinning on the
 * cores for a while after each native op and compete with a second Java thread.
 */
final class Kernels {
  private Kernels() {}

  /** Rows summed in float before being added to the double totals. */
  private static final int BLOCK = 64;

  /**
   * Training-mode ReLU followed by BatchNorm with batch statistics (MiniVGG's dense layer; its
   * convolutional layers use {@link DnnlBatchNorm}). Reads {@code z}, leaves
   * {@code relu(z)} in {@code y} (kept for the backward pass), writes the normalised output to
   * {@code out}, the batch mean and 1/sqrt(var + eps) to {@code mean} and {@code invStd}, and
   * the variance (biased, as Keras uses it) to {@code var}.
   */
  static void reluBatchNormTrain(
      float[] z, float[] y, float[] out, int rows, int c,
      float[] gamma, float[] beta, double eps,
      double[] mean, double[] var, double[] invStd) {
    float[] scale = new float[c];
    float[] shift = new float[c];
    reluBatchStats(z, y, rows, c, gamma, beta, eps, mean, var, invStd, scale, shift);
    affine(y, out, rows, c, scale, shift);
  }

  /**
   * ReLU into {@code y} and the batch statistics of {@code y} per channel, and the normalisation
   * as a per-channel {@code scale} and {@code shift}.
   */
  private static void reluBatchStats(
      float[] z, float[] y, int rows, int c,
      float[] gamma, float[] beta, double eps,
      double[] mean, double[] var, double[] invStd, float[] scale, float[] shift) {
    double[] sum = new double[c];
    double[] sq = new double[c];
    float[] a1 = new float[c];
    float[] a2 = new float[c];
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      int r1 = Math.min(rows, r0 + BLOCK);
      java.util.Arrays.fill(a1, 0f);
      java.util.Arrays.fill(a2, 0f);
      for (int r = r0; r < r1; r++) {
        int base = r * c;
        for (int ch = 0; ch < c; ch++) {
          float v = Math.max(z[base + ch], 0f);
          y[base + ch] = v;
          a1[ch] += v;
          a2[ch] += v * v;
        }
      }
      for (int ch = 0; ch < c; ch++) {
        sum[ch] += a1[ch];
        sq[ch] += a2[ch];
      }
    }
    for (int ch = 0; ch < c; ch++) {
      double m = sum[ch] / rows;
      double v = Math.max(sq[ch] / rows - m * m, 0.0);
      mean[ch] = m;
      var[ch] = v;
      invStd[ch] = 1.0 / Math.sqrt(v + eps);
      scale[ch] = (float) (gamma[ch] * invStd[ch]);
      shift[ch] = (float) (beta[ch] - m * gamma[ch] * invStd[ch]);
    }
  }

  /** Inference-mode ReLU followed by BatchNorm with the running statistics. */
  static void reluBatchNormInfer(
      float[] z, float[] out, int rows, int c,
      float[] gamma, float[] beta, double eps, double[] runMean, double[] runVar) {
    float[] scale = new float[c];
    float[] shift = new float[c];
    inferenceScaleShift(gamma, beta, eps, runMean, runVar, scale, shift);
    for (int r = 0; r < rows; r++) {
      int base = r * c;
      for (int ch = 0; ch < c; ch++) {
        out[base + ch] = Math.max(z[base + ch], 0f) * scale[ch] + shift[ch];
      }
    }
  }

  /** Inference BatchNorm as {@code y * scale + shift} per channel, from the running statistics. */
  static void inferenceScaleShift(
      float[] gamma, float[] beta, double eps, double[] runMean, double[] runVar,
      float[] scale, float[] shift) {
    for (int ch = 0; ch < scale.length; ch++) {
      double k = gamma[ch] / Math.sqrt(runVar[ch] + eps);
      scale[ch] = (float) k;
      shift[ch] = (float) (beta[ch] - runMean[ch] * k);
    }
  }

  /**
   * Backward pass of 2x2/stride-2 max pooling of {@code n} NHWC images of {@code side x side x
   * c}: writes to {@code full} the pooled gradient at each window's winner in {@code x} (the
   * pooling's input; the first maximum in row-major order on ties) and 0 elsewhere.
   */
  static void maxUnpool(float[] pooled, float[] x, float[] full, int n, int side, int c) {
    int half = side / 2;
    int rowStride = side * c;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < half; r++) {
        for (int q = 0; q < half; q++) {
          int a = ((i * side + 2 * r) * side + 2 * q) * c;
          int b = a + c;
          int d = a + rowStride;
          int e = d + c;
          int out = ((i * half + r) * half + q) * c;
          for (int ch = 0; ch < c; ch++) {
            float v0 = x[a + ch];
            float v1 = x[b + ch];
            float v2 = x[d + ch];
            float v3 = x[e + ch];
            float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
            int g = Float.floatToRawIntBits(pooled[out + ch]);
            // Bit masks rather than branches, which mispredict on random data: v - m is +0.0
            // for a winner and negative otherwise, so ~(bits >> 31) is all ones for a winner.
            // (A -0.0 beside a +0.0 maximum counts as a loser; w3 catches a window whose first
            // three lose, so the gradient always lands on one element equal to the maximum.)
            int w0 = winner(v0, m);
            int w1 = winner(v1, m) & ~w0;
            int w2 = winner(v2, m) & ~(w0 | w1);
            int w3 = ~(w0 | w1 | w2);
            full[a + ch] = Float.intBitsToFloat(g & w0);
            full[b + ch] = Float.intBitsToFloat(g & w1);
            full[d + ch] = Float.intBitsToFloat(g & w2);
            full[e + ch] = Float.intBitsToFloat(g & w3);
          }
        }
      }
    }
  }

  /** All ones when {@code v - m} is +0.0 ({@code v} is the window's maximum {@code m}), else 0. */
  private static int winner(float v, float m) {
    return ~(Float.floatToRawIntBits(v - m) >> 31);
  }

  private static void affine(float[] y, float[] out, int rows, int c, float[] scale, float[] shift) {
    for (int r = 0; r < rows; r++) {
      int base = r * c;
      for (int ch = 0; ch < c; ch++) {
        out[base + ch] = y[base + ch] * scale[ch] + shift[ch];
      }
    }
  }

  /**
   * Backward pass of {@link #reluBatchNormTrain}: from the gradient {@code g} of the BN output,
   * writes the gradient of the ReLU input into {@code g} (in place), and the gradients of gamma
   * and beta to {@code dGamma} and {@code dBeta}. The batch statistics are those of the forward
   * pass, and their own dependence on the input is included (training-mode BN).
   *
   * <p>With M = rows, xhat = (y - mean) * invStd: dBeta = sum(g), dGamma = sum(g * xhat), and dy
   * = gamma * invStd / M * (M * g - dBeta - xhat * dGamma), which is k1 * g + k2 * y + k3 per
   * channel; dz = dy where y > 0 (ReLU), else 0.
   */
  static void reluBatchNormBackward(
      float[] g, float[] y, int rows, int c,
      float[] gamma, double[] mean, double[] invStd, float[] dGamma, float[] dBeta) {
    double[] sumG = new double[c];
    double[] sumGy = new double[c];
    float[] a1 = new float[c];
    float[] a2 = new float[c];
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      int r1 = Math.min(rows, r0 + BLOCK);
      java.util.Arrays.fill(a1, 0f);
      java.util.Arrays.fill(a2, 0f);
      for (int r = r0; r < r1; r++) {
        int base = r * c;
        for (int ch = 0; ch < c; ch++) {
          float gv = g[base + ch];
          a1[ch] += gv;
          a2[ch] += gv * y[base + ch];
        }
      }
      for (int ch = 0; ch < c; ch++) {
        sumG[ch] += a1[ch];
        sumGy[ch] += a2[ch];
      }
    }
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
      k2[ch] = (float) (-a * is * dg / rows);
      k3[ch] = (float) (-a * db / rows + a * is * dg * mean[ch] / rows);
    }
    for (int r = 0; r < rows; r++) {
      int base = r * c;
      for (int ch = 0; ch < c; ch++) {
        float yv = y[base + ch];
        float dy = k1[ch] * g[base + ch] + k2[ch] * yv + k3[ch];
        g[base + ch] = Float.intBitsToFloat(Float.floatToRawIntBits(dy) & reluMask(yv));
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
   * Inverted dropout: {@code out = in * mask} with {@code mask} from {@link #dropoutMask}. The
   * mask is kept for the backward pass.
   */
  static void dropout(float[] in, float[] out, float[] mask, int len, double rate, java.util.SplittableRandom rng) {
    dropoutMask(mask, len, rate, rng);
    for (int i = 0; i < len; i++) {
      out[i] = in[i] * mask[i];
    }
  }

  /**
   * An inverted-dropout mask: each of the first {@code len} entries 0 (probability {@code rate})
   * or 1/(1 - rate), drawn from {@code rng} (all 1 when the rate is 0, drawing nothing).
   */
  static void dropoutMask(float[] mask, int len, double rate, java.util.SplittableRandom rng) {
    if (rate == 0) {
      java.util.Arrays.fill(mask, 0, len, 1f);
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
        mask[i] = draw < threshold ? keep : 0f;
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
   * Scores class probabilities {@code probs} (n x k, row-major, as {@link #softmaxCrossEntropy}
   * leaves them) against {@code labels}: the summed cross-entropy and the number of correct argmax
   * predictions (the first maximum on ties); writes each row's argmax to {@code predicted} when it
   * is not null. Each probability is clamped to at least 1e-7 before the log, as Keras does
   * (epsilon 1e-7), so a confident wrong answer gives a finite loss.
   */
  static Model.Outcome scoreProbabilities(float[] probs, int n, int k, int[] labels, int[] predicted) {
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int arg = 0;
      for (int j = 1; j < k; j++) {
        if (probs[i * k + j] > probs[i * k + arg]) {
          arg = j;
        }
      }
      if (predicted != null) {
        predicted[i] = arg;
      }
      if (arg == labels[i]) {
        correct++;
      }
      loss -= Math.log(Math.max(probs[i * k + labels[i]], 1e-7));
    }
    return new Model.Outcome(loss, correct, n);
  }

  /**
   * Copies {@code n} images of {@code ch} channels of {@code plane} pixels from the batch's CHW
   * layout in {@code chw} to HWC (channels last, the networks' layout) in {@code hwc}.
   */
  static void chwToHwc(float[] chw, int n, int ch, int plane, float[] hwc) {
    for (int i = 0; i < n; i++) {
      int base = i * ch * plane;
      for (int p = 0; p < plane; p++) {
        for (int c = 0; c < ch; c++) {
          hwc[base + p * ch + c] = chw[base + c * plane + p];
        }
      }
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
