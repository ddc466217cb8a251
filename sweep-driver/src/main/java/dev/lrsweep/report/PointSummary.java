package dev.lrsweep.report;

/**
 * A grid point's completed seeds, summarized.
 *
 * @param gridPoint the grid-point key
 * @param family the schedule family
 * @param label the schedule label
 * @param meanAccuracy mean final test accuracy over the completed seeds
 * @param stdAccuracy sample standard deviation (n - 1 denominator) of the final accuracy; NaN for
 *     one seed, where it is undefined (tables leave it empty)
 * @param meanLoss mean final test loss, the tie-breaker
 * @param seeds completed seeds; failed or diverged seeds of the point are in the failures table
 */
public record PointSummary(
    String gridPoint, String family, String label, double meanAccuracy, double stdAccuracy, double meanLoss, int seeds) {}
