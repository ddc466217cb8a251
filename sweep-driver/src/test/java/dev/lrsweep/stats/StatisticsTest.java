package dev.lrsweep.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every statistic against numbers computed independently: printed t tables, closed forms of the
 * t distribution for small df, sign patterns and binomial sums enumerated here, and a published
 * Wilson interval.
 */
class StatisticsTest {
  @Test
  void meanIntervalUsesStudentTWithNMinus1DegreesOfFreedom() {
    // mean 0.72, sample std sqrt((0.02^2 + 0 + 0.02^2) / 2) = 0.02; t table: t(0.975, 2) = 4.303
    MeanInterval ci = MeanInterval.of(new double[] {0.70, 0.72, 0.74});
    assertEquals(3, ci.n());
    assertEquals(0.72, ci.mean(), 1e-12);
    assertEquals(0.02, ci.std(), 1e-12);
    double half = 4.303 * 0.02 / Math.sqrt(3);
    assertEquals(0.72 - half, ci.low(), 1e-5);
    assertEquals(0.72 + half, ci.high(), 1e-5);

    // t tables: t(0.975, 1) = 12.706, t(0.975, 4) = 2.776, t(0.975, 9) = 2.262
    assertEquals(12.706, MeanInterval.tQuantile(0.975, 1), 1e-3);
    assertEquals(2.776, MeanInterval.tQuantile(0.975, 4), 1e-3);
    assertEquals(2.262, MeanInterval.tQuantile(0.975, 9), 1e-3);

    MeanInterval one = MeanInterval.of(new double[] {0.5});
    assertEquals(0.5, one.mean());
    assertTrue(Double.isNaN(one.std()) && Double.isNaN(one.low()) && Double.isNaN(one.high()));
  }

  @Test
  void pairedTTestMatchesTheClosedFormsOfSmallDegreesOfFreedom() {
    // df = 2: P(|T| > t) = 1 - t / sqrt(2 + t^2)
    double[] d = {0.01, 0.03, 0.02};
    // mean 0.02, std 0.01, t = 0.02 / (0.01 / sqrt 3) = 2 sqrt 3
    double t = 2 * Math.sqrt(3);
    PairedComparison c = PairedComparison.ofDifferences(d);
    assertEquals(0.02, c.meanDifference(), 1e-12);
    assertEquals(1 - t / Math.sqrt(2 + t * t), c.pTTest(), 1e-9);
    assertEquals(0.02 - 4.303 * 0.01 / Math.sqrt(3), c.diff().low(), 1e-5);
    assertEquals(0.02 + 4.303 * 0.01 / Math.sqrt(3), c.diff().high(), 1e-5);
    // every difference positive: only the observed pattern and its mirror reach |sum| = 0.06
    assertEquals(2.0 / 8, c.pSignFlip(), 1e-15);

    // df = 1: P(|T| > t) = 1 - (2 / pi) atan(t); a - b per pair: 0.05 and 0.01
    PairedComparison two = PairedComparison.of(new double[] {0.80, 0.71}, new double[] {0.75, 0.70});
    double t1 = 0.03 / (Math.sqrt(0.0008) / Math.sqrt(2)); // mean 0.03, std sqrt(0.02^2 * 2 / 1)
    assertEquals(1 - 2 / Math.PI * Math.atan(t1), two.pTTest(), 1e-9);
  }

  @Test
  void signFlipCountsEveryPatternAtLeastAsExtreme() {
    // d = (3, -1, 2, 4) hundredths, sum 8. Flipping a subset S gives 8 - 2 sum(S); |.| >= 8 when
    // sum(S) <= 0 or >= 8: S = {}, {-1}, {3, 2, 4}, all four -> 4 of 16 patterns.
    assertEquals(4.0 / 16, PairedComparison.signFlip(new double[] {0.03, -0.01, 0.02, 0.04}), 1e-15);
    // six differences of one sign: 2 / 64, the smallest p-value six repeats can give
    assertEquals(2.0 / 64, PairedComparison.signFlip(new double[] {1, 2, 3, 4, 5, 6}), 1e-15);
    // brute force against the definition for a random-looking vector of 10
    double[] d = {0.3, -0.1, 0.25, 0.05, -0.2, 0.15, 0.1, -0.05, 0.4, 0.0};
    double observed = 0;
    for (double v : d) {
      observed += v;
    }
    int count = 0;
    for (int mask = 0; mask < 1024; mask++) {
      double s = 0;
      for (int i = 0; i < 10; i++) {
        s += ((mask >> i) & 1) == 1 ? -d[i] : d[i];
      }
      count += Math.abs(s) >= Math.abs(observed) - 1e-12 ? 1 : 0;
    }
    assertEquals(count / 1024.0, PairedComparison.signFlip(d), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> PairedComparison.signFlip(new double[17]));
    assertTrue(Double.isNaN(PairedComparison.ofDifferences(new double[17]).pSignFlip()));
  }

  @Test
  void identicalDifferencesAreDegenerateButDefined() {
    PairedComparison same = PairedComparison.ofDifferences(new double[] {0, 0, 0});
    assertEquals(1.0, same.pTTest());
    assertEquals(0.0, same.diff().low());
    assertEquals(0.0, same.diff().high());
    PairedComparison shifted = PairedComparison.ofDifferences(new double[] {-0.01, -0.01, -0.01});
    assertEquals(0.0, shifted.pTTest());
    PairedComparison single = PairedComparison.ofDifferences(new double[] {-0.02});
    assertTrue(Double.isNaN(single.pTTest()));
    assertTrue(Double.isNaN(single.diff().low()));
  }

  @Test
  void holmMultipliesTheSortedPValuesByMMinusRankAndKeepsThemMonotone() {
    // m = 3 (NaN is not a test): 0.01 * 3 = 0.03; 0.03 * 2 = 0.06; 0.04 * 1 = 0.04 -> max 0.06
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, Double.NaN}, Holm.adjust(new double[] {0.01, 0.04, 0.03, Double.NaN}),
        1e-15);
    // capped at 1
    assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.7}), 1e-15);
    assertArrayEquals(new double[0], Holm.adjust(new double[0]));
  }

  @Test
  void mcNemarIsTwiceTheBinomialTailOfTheDiscordantImages() {
    // binomial sums by hand: n = b + c = 10, P(X <= 1) = (C(10,0) + C(10,1)) / 2^10 = 11 / 1024
    assertEquals(22.0 / 1024, McNemar.exactP(1, 9), 1e-15);
    assertEquals(22.0 / 1024, McNemar.exactP(9, 1), 1e-15);
    // n = 20, min 5: 2 * sum_{k<=5} C(20, k) / 2^20
    assertEquals(2.0 * binomialLowerTail(20, 5) / (1 << 20), McNemar.exactP(5, 15), 1e-15);
    assertEquals(1.0, McNemar.exactP(5, 5), "balanced discordance: no evidence");
    assertEquals(1.0, McNemar.exactP(0, 0));

    byte[] labels = {0, 1, 2, 3, 4, 5};
    byte[] first = {0, 1, 2, 0, 0, 5};  // right on 0, 1, 2, 5
    byte[] second = {0, 0, 2, 3, 4, 0}; // right on 0, 2, 3, 4
    assertArrayEquals(new int[] {2, 2}, McNemar.discordant(labels, first, second)); // images 1, 5 | 3, 4
  }

  private static long binomialLowerTail(int n, int k) {
    long sum = 0;
    long c = 1;
    for (int i = 0; i <= k; i++) {
      sum += c;
      c = c * (n - i) / (i + 1);
    }
    return sum;
  }

  @Test
  void wilsonMatchesNewcombesPublishedExample() {
    // Newcombe (1998), Statistics in Medicine 17:857, Table I: 81/263 -> 0.2553 to 0.3662
    double[] ci = Wilson.interval95(81, 263);
    assertEquals(0.2553, ci[0], 1e-4);
    assertEquals(0.3662, ci[1], 1e-4);
    // the edges stay inside [0, 1]: 0/10 -> [0, 0.2775] (same table)
    double[] zero = Wilson.interval95(0, 10);
    assertEquals(0.0, zero[0], 1e-12);
    assertEquals(0.2775, zero[1], 1e-4);
  }
}
