package dev.lrsweep.report;

import dev.lrsweep.stats.Holm;
import dev.lrsweep.stats.McNemar;
import dev.lrsweep.stats.MeanInterval;
import dev.lrsweep.stats.PairedComparison;
import dev.lrsweep.stats.Wilson;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.ClassReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fills in the statistics of ranked grid points: the 95% interval of each mean and the
 * comparison of each point with the best (the first), Holm-adjusted over all comparisons.
 *
 * <ul>
 *   <li>With repeats: the Student-t interval of the mean over the completed seeds; against the
 *       best, the differences per repeat over the repeats both completed (under {@code seeding =
 *       paired} repeat r of both had the same seed), their t interval, the two-sided paired t-test
 *       (df = pairs - 1) and the exact sign-flip test.
 *   <li>With one seed per point: Wilson's interval of the accuracy over the test images, and
 *       McNemar's exact test between the best trial and each other on their per-image outcomes.
 * </ul>
 */
final class PointStatistics {
  private PointStatistics() {}

  static List<PointSummary> compare(List<PointSummary> ranked, Map<String, List<TrialRecord>> byPoint,
      boolean grouped, double alpha) {
    if (ranked.isEmpty()) {
      return ranked;
    }
    PointSummary best = ranked.get(0);
    List<TrialRecord> bestTrials = byPoint.get(best.gridPoint());
    List<VsBest> raw = new ArrayList<>();
    raw.add(VsBest.best());
    for (int i = 1; i < ranked.size(); i++) {
      PointSummary p = ranked.get(i);
      double diff = p.meanAccuracy() - best.meanAccuracy();
      raw.add(grouped ? paired(diff, byPoint.get(p.gridPoint()), bestTrials)
          : mcNemar(diff, byPoint.get(p.gridPoint()).get(0), bestTrials.get(0)));
    }
    double[] p = raw.stream().mapToDouble(VsBest::p).toArray();
    p[0] = Double.NaN;
    double[] holm = Holm.adjust(p);
    List<PointSummary> out = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      PointSummary s = ranked.get(i);
      VsBest v = i == 0 ? VsBest.best() : raw.get(i).adjusted(holm[i], alpha);
      double[] ci = interval(byPoint.get(s.gridPoint()), grouped);
      out.add(new PointSummary(s.gridPoint(), s.family(), s.label(), s.meanAccuracy(), s.stdAccuracy(), s.meanLoss(),
          s.seeds(), ci[0], ci[1], v));
    }
    return out;
  }

  /** The 95% interval of a point's mean: Student t over seeds, or Wilson over test images for one seed. */
  private static double[] interval(List<TrialRecord> trials, boolean grouped) {
    if (grouped || trials.size() > 1) {
      MeanInterval ci = MeanInterval.of(accuracies(trials));
      return new double[] {ci.low(), ci.high()};
    }
    ClassReport report = trials.get(0).result().report();
    if (report == null || report.confusion() == null || report.confusion().length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    long n = 0;
    for (int[] row : report.confusion()) {
      for (int c : row) {
        n += c;
      }
    }
    double accuracy = trials.get(0).result().finalAccuracy();
    if (n == 0 || !Double.isFinite(accuracy)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return Wilson.interval95(Math.round(accuracy * n), n);
  }

  private static VsBest paired(double diff, List<TrialRecord> trials, List<TrialRecord> bestTrials) {
    Map<Integer, Double> mine = byRepeat(trials);
    Map<Integer, Double> theirs = byRepeat(bestTrials);
    List<Double> d = new ArrayList<>();
    mine.forEach((repeat, acc) -> {
      Double b = theirs.get(repeat);
      if (b != null) {
        d.add(acc - b);
      }
    });
    if (d.size() < 2) {
      return new VsBest(VsBest.Test.NONE, diff, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, d.size(),
          true);
    }
    PairedComparison c = PairedComparison.ofDifferences(d.stream().mapToDouble(Double::doubleValue).toArray());
    return new VsBest(VsBest.Test.PAIRED_T, diff, c.diff().low(), c.diff().high(), c.pTTest(), Double.NaN,
        c.pSignFlip(), d.size(), true);
  }

  private static VsBest mcNemar(double diff, TrialRecord trial, TrialRecord best) {
    ClassReport mine = trial.result().report();
    ClassReport theirs = best.result().report();
    if (mine == null || theirs == null || !mine.hasPredictions() || !theirs.hasPredictions()
        || !Arrays.equals(mine.labels(), theirs.labels())) {
      return new VsBest(VsBest.Test.NONE, diff, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, true);
    }
    int[] bc = McNemar.discordant(theirs.labels(), theirs.predictions(), mine.predictions());
    double p = McNemar.exactP(bc[0], bc[1]);
    return new VsBest(VsBest.Test.MCNEMAR, diff, Double.NaN, Double.NaN, p, Double.NaN, p, 1, true);
  }

  private static Map<Integer, Double> byRepeat(List<TrialRecord> trials) {
    Map<Integer, Double> out = new TreeMap<>();
    trials.forEach(t -> out.put(t.repeat(), t.result().finalAccuracy()));
    return out;
  }

  private static double[] accuracies(List<TrialRecord> trials) {
    return trials.stream().mapToDouble(t -> t.result().finalAccuracy()).toArray();
  }
}
