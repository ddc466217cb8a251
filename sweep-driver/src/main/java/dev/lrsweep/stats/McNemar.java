package dev.lrsweep.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * McNemar's exact test between two classifiers on the same test images. Only the discordant
 * images count: {@code b} where the first is right and the second wrong, {@code c} the reverse.
 * Under "equally accurate" each discordant image is a fair coin, so {@code b ~ Binomial(b + c,
 * 1/2)} and the two-sided p-value is {@code min(1, 2 * P(X <= min(b, c)))}.
 *
 * <p>It compares two trained networks, not two schedules: with one seed per schedule the
 * difference it finds may be the seed's.
 */
public final class McNemar {
  private McNemar() {}

  /** Exact two-sided p-value for {@code b} and {@code c} discordant images (1 when both are 0). */
  public static double exactP(int b, int c) {
    if (b < 0 || c < 0) {
      throw new IllegalArgumentException("discordant counts must be 0 or greater, found " + b + " and " + c);
    }
    int n = b + c;
    if (n == 0) {
      return 1;
    }
    return Math.min(1, 2 * new BinomialDistribution(null, n, 0.5).cumulativeProbability(Math.min(b, c)));
  }

  /**
   * The discordant counts of two trials' predictions on the same labelled images: {@code [b, c]},
   * b = first right and second wrong.
   */
  public static int[] discordant(byte[] labels, byte[] first, byte[] second) {
    if (first.length != labels.length || second.length != labels.length) {
      throw new IllegalArgumentException("need predictions for the same " + labels.length + " images, found "
          + first.length + " and " + second.length);
    }
    int b = 0;
    int c = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean x = first[i] == labels[i];
      boolean y = second[i] == labels[i];
      if (x && !y) {
        b++;
      } else if (!x && y) {
        c++;
      }
    }
    return new int[] {b, c};
  }
}
