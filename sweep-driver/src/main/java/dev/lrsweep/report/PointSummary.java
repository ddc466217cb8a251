package dev.lrsweep.report;

import java.util.Objects;

/**
 * A grid point's completed seeds, summarized, and compared with the best point.
 *
 * @param gridPoint the grid-point key
 * @param family the schedule family
 * @param label the schedule label
 * @param meanAccuracy mean final test accuracy over the completed seeds
 * @param stdAccuracy sample standard deviation (n - 1 denominator) of the final accuracy; NaN for
 *     one seed, where it is undefined (tables leave it empty)
 * @param meanLoss mean final test loss, the tie-breaker
 * @param seeds completed seeds; failed or diverged seeds of the point are in the failures table
 * @param ci95Low lower bound of the 95% interval of the mean accuracy: Student t over the seeds
 *     (2 or more), or, for a sweep with one seed per point, Wilson's interval over the test images
 *     (which says nothing about seed luck); NaN when neither applies
 * @param ci95High upper bound of that interval
 * @param vsBest the comparison with the best point
 */
public record PointSummary(String gridPoint, String family, String label, double meanAccuracy, double stdAccuracy,
    double meanLoss, int seeds, double ci95Low, double ci95High, VsBest vsBest) {
  public PointSummary {
    Objects.requireNonNull(vsBest, "vsBest");
  }

  /** Whether this point is the best or tied with it. */
  public boolean tied() {
    return vsBest.tied();
  }
}
