package dev.lrsweep.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A sample's mean, sample standard deviation and Student-t confidence interval of the mean:
 * {@code mean ± t(1 - (1 - level) / 2, n - 1) * std / sqrt(n)}.
 *
 * @param n the sample size
 * @param mean the arithmetic mean (NaN for an empty sample)
 * @param std the sample standard deviation, n - 1 denominator (NaN for n < 2)
 * @param low the interval's lower bound (NaN for n < 2)
 * @param high the interval's upper bound (NaN for n < 2)
 */
public record MeanInterval(int n, double mean, double std, double low, double high) {
  /** The confidence level every ranking uses. */
  public static final double LEVEL = 0.95;

  /** The 95% interval of the mean of {@code x}. */
  public static MeanInterval of(double[] x) {
    return of(x, LEVEL);
  }

  /** The {@code level} interval of the mean of {@code x}, level in (0, 1). */
  public static MeanInterval of(double[] x, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), found " + level);
    }
    int n = x.length;
    if (n == 0) {
      return new MeanInterval(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = mean(x);
    if (n == 1) {
      return new MeanInterval(1, mean, Double.NaN, Double.NaN, Double.NaN);
    }
    double std = std(x, mean);
    double half = tQuantile(1 - (1 - level) / 2, n - 1) * std / Math.sqrt(n);
    return new MeanInterval(n, mean, std, mean - half, mean + half);
  }

  /** Half the interval's width (NaN for n < 2). */
  public double halfWidth() {
    return (high - low) / 2;
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double std(double[] x, double mean) {
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1));
  }

  /** The p-quantile of Student's t with {@code df} degrees of freedom. */
  static double tQuantile(double p, int df) {
    return new TDistribution(null, df).inverseCumulativeProbability(p);
  }
}
