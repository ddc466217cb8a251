package dev.lrsweep.report;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Completed trials ranked by final test accuracy, higher first; ties go to the lower final test
 * loss, then to the trial id so the order is total. With repeats (any trial with repeat index above
 * 0) grid points are ranked instead, by the mean final accuracy of their completed seeds (ties: the
 * lower mean loss), and each trial row carries its point's rank, mean, sample standard deviation
 * and seed count. Failed and diverged trials are not ranked; they are listed apart with their
 * messages.
 *
 * <p>Statistics ({@link PointStatistics}): every point carries the 95% interval of its mean and
 * its comparison with the best point (the first): with repeats, a paired t-test over the repeats
 * both completed (paired seeding makes repeat r of both the same seed) with the exact sign-flip
 * test beside it; with one seed per point, McNemar's exact test on the per-image outcomes. The
 * p-values are Holm-adjusted together; a point is tied with the best unless its adjusted p-value
 * is below alpha.
 *
 * <p>Successive halving: trials STOPPED at a rung rank after every completed trial (the
 * survivors), ordered by the rung they reached (later first), then by test accuracy there (higher
 * first), lower loss, id; their ranks continue the survivors' ({@code rows.size() + i + 1}).
 *
 * @param rows ranked completed trials, in rank order
 * @param points grid points in rank order
 * @param failures failed and diverged trials, by status then id
 * @param grouped whether the sweep has repeats (then tables show mean, std and seeds)
 * @param stopped trials stopped by successive halving, in rank order after the rows
 * @param alpha the significance level that decided {@link VsBest#tied()}
 */
public record Ranking(List<RankedTrial> rows, List<PointSummary> points, List<TrialRecord> failures, boolean grouped,
    List<TrialRecord> stopped, double alpha) {
  public Ranking {
    rows = List.copyOf(rows);
    points = List.copyOf(points);
    failures = List.copyOf(failures);
    stopped = List.copyOf(stopped);
  }

  /** Ranks the latest record of each trial at the default alpha (0.05). */
  public static Ranking of(List<TrialRecord> latest) {
    return of(latest, dev.lrsweep.config.SweepConfig.DEFAULT_ALPHA);
  }

  /** The best point, if any trial completed. */
  public java.util.Optional<PointSummary> best() {
    return points.stream().findFirst();
  }

  /** The verdict in one or two sentences (see {@link Verdict}). */
  public String verdict() {
    return Verdict.of(this);
  }

  /**
   * Ranks the latest record of each trial (see {@code StoredResults.latest()}) and compares every
   * grid point with the best at significance level {@code alpha}.
   */
  public static Ranking of(List<TrialRecord> latest, double alpha) {
    boolean grouped = latest.stream().anyMatch(r -> r.repeat() > 0);
    List<TrialRecord> completed = latest.stream()
        .filter(r -> r.result().status() == TrialStatus.COMPLETED)
        .collect(Collectors.toList());
    List<TrialRecord> stopped = latest.stream()
        .filter(r -> r.result().status() == TrialStatus.STOPPED)
        .sorted(Comparator.comparing((TrialRecord r) -> -r.result().epochsRun())
            .thenComparing(r -> r.result().finalAccuracy(), Ranking::higherFirst)
            .thenComparing(r -> r.result().finalLoss(), Ranking::lowerFirst)
            .thenComparing(TrialRecord::trialId))
        .collect(Collectors.toList());
    List<TrialRecord> failures = latest.stream()
        .filter(r -> r.result().status() != TrialStatus.COMPLETED && r.result().status() != TrialStatus.STOPPED)
        .sorted(Comparator.comparing((TrialRecord r) -> r.result().status()).thenComparing(TrialRecord::trialId))
        .collect(Collectors.toList());

    Map<String, List<TrialRecord>> byPoint = new LinkedHashMap<>();
    for (TrialRecord r : completed) {
      byPoint.computeIfAbsent(r.gridPoint(), k -> new ArrayList<>()).add(r);
    }
    Map<String, PointSummary> summaries = new LinkedHashMap<>();
    byPoint.forEach((point, trials) -> summaries.put(point, summarize(point, trials)));

    Comparator<TrialRecord> trialOrder = Comparator
        .comparing((TrialRecord r) -> r.result().finalAccuracy(), Ranking::higherFirst)
        .thenComparing(r -> r.result().finalLoss(), Ranking::lowerFirst)
        .thenComparing(TrialRecord::trialId);
    Comparator<PointSummary> pointOrder = Comparator
        .comparing(PointSummary::meanAccuracy, Ranking::higherFirst)
        .thenComparing(PointSummary::meanLoss, Ranking::lowerFirst)
        .thenComparing(PointSummary::gridPoint);

    List<PointSummary> points = new ArrayList<>(summaries.values());
    points.sort(pointOrder);
    points = PointStatistics.compare(points, byPoint, grouped, alpha);
    for (PointSummary p : points) {
      summaries.put(p.gridPoint(), p);
    }
    List<RankedTrial> rows = new ArrayList<>();
    if (grouped) {
      for (int p = 0; p < points.size(); p++) {
        PointSummary point = points.get(p);
        for (TrialRecord r : byPoint.get(point.gridPoint()).stream().sorted(trialOrder).collect(Collectors.toList())) {
          rows.add(new RankedTrial(p + 1, r, point));
        }
      }
    } else {
      List<TrialRecord> sorted = completed.stream().sorted(trialOrder).collect(Collectors.toList());
      for (int i = 0; i < sorted.size(); i++) {
        rows.add(new RankedTrial(i + 1, sorted.get(i), summaries.get(sorted.get(i).gridPoint())));
      }
    }
    return new Ranking(rows, points, failures, grouped, stopped, alpha);
  }

  /** Number of trials of each status, for summary lines. */
  public long count(TrialStatus status) {
    if (status == TrialStatus.COMPLETED) {
      return rows.size();
    }
    if (status == TrialStatus.STOPPED) {
      return stopped.size();
    }
    return failures.stream().filter(r -> r.result().status() == status).count();
  }

  private static PointSummary summarize(String point, List<TrialRecord> trials) {
    int n = trials.size();
    double mean = trials.stream().mapToDouble(r -> r.result().finalAccuracy()).sum() / n;
    double meanLoss = trials.stream().mapToDouble(r -> r.result().finalLoss()).sum() / n;
    double std = Double.NaN;
    if (n > 1) {
      double ss = trials.stream().mapToDouble(r -> {
        double d = r.result().finalAccuracy() - mean;
        return d * d;
      }).sum();
      std = Math.sqrt(ss / (n - 1));
    }
    TrialRecord first = trials.get(0);
    return new PointSummary(point, first.family(), first.label(), mean, std, meanLoss, n, Double.NaN, Double.NaN,
        VsBest.best());
  }

  /** Descending, with NaN after every number. */
  private static int higherFirst(double a, double b) {
    return nanLast(a, b, Double.compare(b, a));
  }

  /** Ascending, with NaN after every number. */
  private static int lowerFirst(double a, double b) {
    return nanLast(a, b, Double.compare(a, b));
  }

  private static int nanLast(double a, double b, int otherwise) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
    }
    return otherwise;
  }
}
