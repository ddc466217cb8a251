package dev.lrsweep.model;

import java.util.SplittableRandom;

/**
 * An independent, naive, double-precision forward pass of MiniVGG in training mode, written
 * from the network's definition (not from the engine's code): cross-correlation with SAME
 * padding and weights [out][kH][kW][in], ReLU, BatchNorm with biased batch variance, 2x2 max
 * pooling, inverted dropout with the documented mask rule (masks drawn in channels-last
 * order), flattening in (row, column, channel) order as Keras does, dense layers with weights
 * [in][out], softmax cross-entropy averaged over the batch. Activations are held NCHW here, so
 * the layout the engine uses plays no part. Slow; for tiny widths only.
 */
final class ReferenceMiniVgg {
  private final MiniVggConfig cfg;
  private double[] p;
  private int at;

  ReferenceMiniVgg(MiniVggConfig cfg) {
    this.cfg = cfg;
  }

  /** Mean cross-entropy of a batch with parameters {@code params} in the engine's flat layout. */
  double loss(double[] params, float[] images, int[] labels, int n, long dropoutSeed) {
    this.p = params;
    this.at = 0;
    SplittableRandom rng = new SplittableRandom(dropoutSeed);
    int s = MiniVggConfig.SIDE;
    double[] x = new double[n * 3 * s * s];
    for (int i = 0; i < x.length; i++) {
      x[i] = images[i];
    }
    int c1 = cfg.conv1();
    int c2 = cfg.conv2();
    x = convReluBn(x, n, 3, c1, s);
    x = convReluBn(x, n, c1, c1, s);
    x = pool(x, n, c1, s);
    x = dropout(x, n, c1, s / 2, cfg.convDropout(), rng);
    x = convReluBn(x, n, c1, c2, s / 2);
    x = convReluBn(x, n, c2, c2, s / 2);
    x = pool(x, n, c2, s / 2);
    x = dropout(x, n, c2, s / 4, cfg.convDropout(), rng);
    x = flattenHwc(x, n, c2, s / 4);
    int flat = c2 * (s / 4) * (s / 4);
    double[] h = dense(x, n, flat, cfg.dense());
    for (int i = 0; i < h.length; i++) {
      h[i] = Math.max(h[i], 0);
    }
    h = batchNorm(h, n, cfg.dense(), 1);
    h = dropout(h, n, cfg.dense(), 1, cfg.denseDropout(), rng);
    double[] logits = dense(h, n, cfg.dense(), cfg.classes());
    double total = 0;
    int k = cfg.classes();
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[i * k + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(logits[i * k + j] - max);
      }
      total += Math.log(sum) + max - logits[i * k + labels[i]];
    }
    return total / n;
  }

  private double[] take(int len) {
    double[] out = new double[len];
    System.arraycopy(p, at, out, 0, len);
    at += len;
    return out;
  }

  private double[] convReluBn(double[] x, int n, int ci, int co, int s) {
    double[] w = take(9 * ci * co);
    double[] b = take(co);
    double[] out = new double[n * co * s * s];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < co; o++) {
        for (int r = 0; r < s; r++) {
          for (int c = 0; c < s; c++) {
            double acc = b[o];
            for (int kh = 0; kh < 3; kh++) {
              int rr = r + kh - 1;
              if (rr < 0 || rr >= s) {
                continue;
              }
              for (int kw = 0; kw < 3; kw++) {
                int cc = c + kw - 1;
                if (cc < 0 || cc >= s) {
                  continue;
                }
                for (int in = 0; in < ci; in++) {
                  acc += x[((i * ci + in) * s + rr) * s + cc] * w[((o * 3 + kh) * 3 + kw) * ci + in];
                }
              }
            }
            out[((i * co + o) * s + r) * s + c] = Math.max(acc, 0);
          }
        }
      }
    }
    return batchNorm(out, n, co, s * s);
  }

  private double[] batchNorm(double[] x, int n, int c, int positions) {
    double[] gamma = take(c);
    double[] beta = take(c);
    double[] out = new double[x.length];
    for (int ch = 0; ch < c; ch++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        for (int q = 0; q < positions; q++) {
          mean += x[(i * c + ch) * positions + q];
        }
      }
      mean /= (double) n * positions;
      double var = 0;
      for (int i = 0; i < n; i++) {
        for (int q = 0; q < positions; q++) {
          double d = x[(i * c + ch) * positions + q] - mean;
          var += d * d;
        }
      }
      var /= (double) n * positions;
      for (int i = 0; i < n; i++) {
        for (int q = 0; q < positions; q++) {
          int idx = (i * c + ch) * positions + q;
          out[idx] = gamma[ch] * (x[idx] - mean) / Math.sqrt(var + cfg.bnEpsilon()) + beta[ch];
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
   * Mask rule: each 64-bit draw gives four 16-bit numbers, low bits first; keep if below
   * (1-rate)*65536. Draws follow the channels-last order (image, row, column, channel) of the
   * NCHW tensor {@code x} of {@code n x c x side x side}.
   */
  private static double[] dropout(double[] x, int n, int c, int side, double rate, SplittableRandom rng) {
    if (rate == 0) {
      return x;
    }
    long threshold = Math.round((1 - rate) * 65536);
    double[] out = new double[x.length];
    long bits = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < side; r++) {
        for (int q = 0; q < side; q++) {
          for (int ch = 0; ch < c; ch++, k++) {
            if (k % 4 == 0) {
              bits = rng.nextLong();
            }
            long draw = (bits >>> (16 * (k % 4))) & 0xFFFF;
            int at = ((i * c + ch) * side + r) * side + q;
            out[at] = draw < threshold ? x[at] / (1 - rate) : 0;
          }
        }
      }
    }
    return out;
  }

  /** NCHW to one row per image in (row, column, channel) order. */
  private static double[] flattenHwc(double[] x, int n, int c, int side) {
    double[] out = new double[x.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < side; r++) {
        for (int q = 0; q < side; q++) {
          for (int ch = 0; ch < c; ch++) {
            out[k++] = x[((i * c + ch) * side + r) * side + q];
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
