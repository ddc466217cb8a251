package dev.lrsweep.report;

import java.util.Locale;

/**
 * A grid point against the best one (the highest mean final accuracy). NaN where a value is
 * undefined; every table leaves those cells empty.
 *
 * @param test how the comparison was made
 * @param diff this point's mean final accuracy minus the best point's (0 for the best, never above)
 * @param diffLow lower bound of the Student-t 95% interval of the mean paired difference (paired
 *     t only)
 * @param diffHigh upper bound of that interval
 * @param p two-sided p-value of the comparison's test (paired t-test, or McNemar for one seed)
 * @param pHolm {@code p} Holm-adjusted over every comparison with the best
 * @param pExact distribution-free p-value: the exact sign-flip permutation test over all 2^R
 *     sign patterns of the paired differences (paired t), or McNemar's exact test itself
 * @param pairs the repeats both points completed, which the paired statistics use
 * @param tied whether this point is not significantly worse than the best: {@code pHolm >=
 *     alpha}, or no test was possible; true for the best itself
 */
public record VsBest(Test test, double diff, double diffLow, double diffHigh, double p, double pHolm, double pExact,
    int pairs, boolean tied) {

  /** How a point was compared with the best. */
  public enum Test {
    /** This is the best point. */
    BEST,
    /** Paired t-test over the repeats both completed (with the exact sign-flip test beside it). */
    PAIRED_T,
    /** One seed per point: McNemar's exact test on the two trials' per-image outcomes. */
    MCNEMAR,
    /** Nothing to test: fewer than two shared repeats, or no per-image outcomes. */
    NONE;

    /** The name in files: {@code best}, {@code paired_t}, {@code mcnemar}, {@code none}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The best point's own comparison: difference 0, no p-values, tied. */
  static VsBest best() {
    return new VsBest(Test.BEST, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, true);
  }

  /** A copy with the Holm-adjusted p-value and the tie decided at {@code alpha}. */
  VsBest adjusted(double holm, double alpha) {
    return new VsBest(test, diff, diffLow, diffHigh, p, holm, pExact, pairs, Double.isNaN(holm) || holm >= alpha);
  }
}
