package dev.lrsweep.model;

import java.util.SplittableRandom;

/**
 * An independent, naive, double-precision forward pass of the Keras MNIST CNN in training mode,
 * written from the network's definition (Keras's {@code mnist_cnn.py}), not from the engine's
 * code: cross-correlation with VALID padding and weights [out][kH][kW][in] plus bias, ReLU, again,
 * 2x2 max pooling, inverted dropout with the project's documented mask rule (draws in
 * channels-last order), flattening in (row, column, channel) order, dense + ReLU, dropout, dense,
 * softmax cross-entropy averaged over the batch. Activations are held NCHW, so the engine's
 * layout plays no part. Slow; for tiny widths only.
 */
final class ReferenceMnistCnn {
  private final MnistCnn.Config cfg;
  private final int channels;
  private final int side;
  private final int classes;
  private double[] p;
  private int at;

  ReferenceMnistCnn(MnistCnn.Config cfg, int channels, int side, int classes) {
    this.cfg = cfg;
    this.channels = channels;
    this.side = side;
    this.classes = classes;
  }

  /** Mean cross-entropy of a batch ({@code n x C x S x S} images) with parameters in the engine's flat layout. */
  double loss(double[] params, float[] images, int[] labels, int n, long dropoutSeed) {
    this.p = params;
    this.at = 0;
    SplittableRandom rng = new SplittableRandom(dropoutSeed);
    double[] x = new double[n * channels * side * side];
    for (int i = 0; i < x.length; i++) {
      x[i] = images[i];
    }
    x = convRelu(x, n, channels, cfg.conv1(), side);
    x = convRelu(x, n, cfg.conv1(), cfg.conv2(), side - 2);
    int s2 = side - 4;
    x = pool(x, n, cfg.conv2(), s2);
    x = dropout(x, n, cfg.conv2(), s2 / 2, cfg.convDropout(), rng);
    x = flattenHwc(x, n, cfg.conv2(), s2 / 2);
    int flat = cfg.conv2() * (s2 / 2) * (s2 / 2);
    double[] h = dense(x, n, flat, cfg.dense());
    for (int i = 0; i < h.length; i++) {
      h[i] = Math.max(h[i], 0);
    }
    h = dropout(h, n, cfg.dense(), 1, cfg.denseDropout(), rng);
    double[] logits = dense(h, n, cfg.dense(), classes);
    double total = 0;
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, logits[i * classes + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(logits[i * classes + j] - max);
      }
      total += Math.log(sum) + max - logits[i * classes + labels[i]];
    }
    return total / n;
  }

  private double[] take(int len) {
    double[] out = new double[len];
    System.arraycopy(p, at, out, 0, len);
    at += len;
    return out;
  }

  /** VALID 3x3 convolution of {@code n x ci x s x s} to {@code n x co x (s-2) x (s-2)}, then ReLU. */
  private double[] convRelu(double[] x, int n, int ci, int co, int s) {
    double[] w = take(9 * ci * co);
    double[] b = take(co);
    int o = s - 2;
    double[] out = new double[n * co * o * o];
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < co; f++) {
        for (int r = 0; r < o; r++) {
          for (int c = 0; c < o; c++) {
            double acc = b[f];
            for (int kh = 0; kh < 3; kh++) {
              for (int kw = 0; kw < 3; kw++) {
                for (int in = 0; in < ci; in++) {
                  acc += x[((i * ci + in) * s + r + kh) * s + c + kw] * w[((f * 3 + kh) * 3 + kw) * ci + in];
                }
              }
            }
            out[((i * co + f) * o + r) * o + c] = Math.max(acc, 0);
          }
        }
      }
    }
    return out;
  }

  private static double[] pool(double[] x, int n, int c, int s) {
    int h = s / 2;
    double[] out = new double[n * c * h * h];
    for (int i = 0; i < n * c; i++) {
      for (int r = 0; r < h; r++) {
        for (int q = 0; q < h; q++) {
          double m = Double.NEGATIVE_INFINITY;
          for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
              m = Math.max(m, x[(i * s + 2 * r + a) * s + 2 * q + b]);
            }
          }
          out[(i * h + r) * h + q] = m;
        }
      }
    }
    return out;
  }

  /**
   * Mask rule: each 64-bit draw gives four 16-bit numbers, low bits first; keep (scaled by
   * 1/(1-rate)) if below (1-rate)*65536. Draws follow the channels-last order (image, row,
   * column, channel).
   */
  private static double[] dropout(double[] x, int n, int c, int s, double rate, SplittableRandom rng) {
    if (rate == 0) {
      return x;
    }
    long threshold = Math.round((1 - rate) * 65536);
    double[] out = new double[x.length];
    long bits = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < s; r++) {
        for (int q = 0; q < s; q++) {
          for (int ch = 0; ch < c; ch++, k++) {
            if (k % 4 == 0) {
              bits = rng.nextLong();
            }
            long draw = (bits >>> (16 * (k % 4))) & 0xFFFF;
            int idx = ((i * c + ch) * s + r) * s + q;
            out[idx] = draw < threshold ? x[idx] / (1 - rate) : 0;
          }
        }
      }
    }
    return out;
  }

  private static double[] flattenHwc(double[] x, int n, int c, int s) {
    double[] out = new double[x.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < s; r++) {
        for (int q = 0; q < s; q++) {
          for (int ch = 0; ch < c; ch++) {
            out[k++] = x[((i * c + ch) * s + r) * s + q];
          }
        }
      }
    }
    return out;
  }

  private double[] dense(double[] x, int n, int in, int out) {
    double[] w = take(in * out);
    double[] b = take(out);
    double[] z = new double[n * out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double acc = b[o];
        for (int k = 0; k < in; k++) {
          acc += x[i * in + k] * w[k * out + o];
        }
        z[i * out + o] = acc;
      }
    }
    return z;
  }
}
