package dev.lrsweep.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Two schedules compared over the seeds they share: the differences {@code d_r = a_r - b_r} per
 * repeat r, their mean with a Student-t 95% interval, the two-sided paired t-test ({@code t = mean
 * / (std / sqrt(R))}, df = R - 1) and, as a distribution-free check, the exact sign-flip
 * permutation test over all 2^R sign patterns.
 *
 * <p>The sign-flip p-value is the share of patterns {@code s} in {-1, +1}^R with {@code |sum s_r
 * d_r| >= |sum d_r|}; the observed pattern and its mirror image always count, so it cannot go
 * below {@code 2 / 2^R}: 0.25 at R = 3, 0.0625 at R = 5, 0.03125 at R = 6. It needs R >= 6 to
 * reach 0.05.
 *
 * <p>Degenerate cases: with R < 2 everything but the mean is NaN; when every difference is the
 * same (std 0) the interval is that value and the t-test's p is 1 if it is 0 (nothing differs)
 * and 0 otherwise (t is infinite).
 *
 * @param repeats R, the number of paired differences
 * @param meanDifference mean of {@code a - b}
 * @param diff the interval of the mean difference
 * @param pTTest two-sided paired t-test p-value
 * @param pSignFlip two-sided exact sign-flip p-value (NaN for R > {@link #MAX_EXACT})
 */
public record PairedComparison(int repeats, double meanDifference, MeanInterval diff, double pTTest, double pSignFlip) {
  /** The most repeats the exact sign-flip test enumerates (2^16 patterns). */
  public static final int MAX_EXACT = 16;

  /** Compares {@code a} with {@code b}, element r of each from the same seed. */
  public static PairedComparison of(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired samples need the same length, found " + a.length + " and " + b.length);
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    return ofDifferences(d);
  }

  /** The comparison of the paired differences {@code d}. */
  public static PairedComparison ofDifferences(double[] d) {
    MeanInterval ci = MeanInterval.of(d);
    int n = d.length;
    if (n < 2) {
      return new PairedComparison(n, ci.mean(), ci, Double.NaN, n == 1 ? signFlip(d) : Double.NaN);
    }
    double p;
    if (ci.std() == 0) {
      ci = new MeanInterval(n, ci.mean(), 0, ci.mean(), ci.mean());
      p = ci.mean() == 0 ? 1 : 0;
    } else {
      double t = ci.mean() / (ci.std() / Math.sqrt(n));
      p = 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(t));
    }
    return new PairedComparison(n, ci.mean(), ci, Math.min(1, p), n <= MAX_EXACT ? signFlip(d) : Double.NaN);
  }

  /** Exact two-sided sign-flip p-value of the differences {@code d} (at most {@link #MAX_EXACT}). */
  static double signFlip(double[] d) {
    int n = d.length;
    if (n > MAX_EXACT) {
      throw new IllegalArgumentException("the exact sign-flip test enumerates 2^R patterns, R at most " + MAX_EXACT
          + ", found " + n);
    }
    double observed = 0;
    double scale = 0;
    for (double v : d) {
      observed += v;
      scale += Math.abs(v);
    }
    // sums that are mathematically equal may differ in the last bits when added in another order
    double tolerance = 1e-12 * Math.max(scale, 1e-300);
    double target = Math.abs(observed) - tolerance;
    int patterns = 1 << n;
    int atLeast = 0;
    for (int mask = 0; mask < patterns; mask++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += (mask & (1 << i)) != 0 ? -d[i] : d[i];
      }
      if (Math.abs(s) >= target) {
        atLeast++;
      }
    }
    return (double) atLeast / patterns;
  }
}
