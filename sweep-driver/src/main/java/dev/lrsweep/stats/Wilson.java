package dev.lrsweep.stats;

/**
 * Wilson's score interval for a proportion (an accuracy of k right out of n test images), which
 * unlike the normal approximation stays inside [0, 1] and keeps its coverage near 0 and 1:
 * {@code (p + z^2/2n ± z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)} with {@code z} the standard
 * normal's 97.5% quantile for 95%.
 *
 * <p>It measures the test-set sampling error of one trained network only, not seed-to-seed
 * variation.
 */
public final class Wilson {
  /** The standard normal's 0.975 quantile. */
  static final double Z95 = 1.959963984540054;

  private Wilson() {}

  /** The 95% interval {@code [low, high]} of k successes in n trials. */
  public static double[] interval95(long k, long n) {
    if (n <= 0 || k < 0 || k > n) {
      throw new IllegalArgumentException("need 0 <= k <= n and n > 0, found k = " + k + ", n = " + n);
    }
    double p = (double) k / n;
    double z2 = Z95 * Z95;
    double centre = p + z2 / (2.0 * n);
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    double denominator = 1 + z2 / n;
    return new double[] {(centre - half) / denominator, (centre + half) / denominator};
  }
}
