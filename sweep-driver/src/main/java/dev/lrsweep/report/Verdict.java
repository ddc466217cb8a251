package dev.lrsweep.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The ranking's verdict in words, for the console, {@code ranking.md}, {@code ranking.json} and
 * the report: the best schedule with its interval, which schedules are tied with it and which are
 * worse; with one seed per schedule, plainly that one seed cannot separate a schedule from seed
 * luck, and how many repeats it takes.
 */
public final class Verdict {
  /** Repeats that give a t interval with a usable width (df = 2). */
  public static final int MIN_REPEATS = 3;
  /** Repeats the exact sign-flip test needs to go below 0.05 (2 / 2^6 = 0.031). */
  public static final int EXACT_REPEATS = 6;

  private Verdict() {}

  static String of(Ranking ranking) {
    if (ranking.points().isEmpty()) {
      return "No trial completed, so there is no ranking.";
    }
    PointSummary best = ranking.points().get(0);
    List<PointSummary> others = ranking.points().subList(1, ranking.points().size());
    List<String> tied = others.stream().filter(PointSummary::tied).map(PointSummary::label).collect(Collectors.toList());
    List<String> worse = others.stream().filter(p -> !p.tied()).map(PointSummary::label).collect(Collectors.toList());
    String alpha = String.format(Locale.ROOT, "%s", trim(ranking.alpha()));
    StringBuilder s = new StringBuilder();
    if (ranking.grouped()) {
      s.append("Best: ").append(best.label()).append(", mean final accuracy ").append(f3(best.meanAccuracy()));
      if (Double.isFinite(best.ci95Low())) {
        s.append(" (95% CI ").append(f3(best.ci95Low())).append(" to ").append(f3(best.ci95High())).append(", ")
            .append(best.seeds()).append(" seeds)");
      } else {
        s.append(" (").append(best.seeds()).append(best.seeds() == 1 ? " seed)" : " seeds)");
      }
      s.append(". ");
      if (others.isEmpty()) {
        s.append("It is the only schedule.");
        return s.toString();
      }
      s.append(tied.isEmpty() ? "No other schedule is tied with it" : "Tied with it (not significantly worse at alpha "
          + alpha + ", paired t-test over seeds, Holm-adjusted): " + String.join("; ", tied));
      s.append(". ");
      s.append(worse.isEmpty() ? "None is significantly worse."
          : "Significantly worse: " + String.join("; ", worse) + ".");
      long untestable = others.stream().filter(p -> p.vsBest().test() == VsBest.Test.NONE).count();
      if (untestable > 0) {
        s.append(" ").append(untestable).append(untestable == 1 ? " schedule shares" : " schedules share")
            .append(" fewer than 2 completed seeds with the best and cannot be tested (counted as tied).");
      }
      return s.toString();
    }
    s.append("Best: ").append(best.label()).append(", final accuracy ").append(f3(best.meanAccuracy()));
    if (Double.isFinite(best.ci95Low())) {
      s.append(" (Wilson 95% CI over the test images ").append(f3(best.ci95Low())).append(" to ")
          .append(f3(best.ci95High())).append(")");
    }
    s.append(". One seed per schedule cannot separate the schedule from seed luck: a schedule's rank may be its"
        + " seed's. ");
    if (!others.isEmpty()) {
      s.append("McNemar's test on the same test images (Holm-adjusted, alpha ").append(alpha).append(") finds ")
          .append(tied.size()).append(" of ").append(others.size())
          .append(" other trained networks indistinguishable from the best one, but that compares networks, not"
              + " schedules. ");
    }
    s.append("Run with repeats >= ").append(MIN_REPEATS).append(" (paired seeds) for intervals over seeds and a"
        + " paired test, >= ").append(EXACT_REPEATS).append(" for the exact sign-flip test to reach p < 0.05.");
    return s.toString();
  }

  private static String f3(double v) {
    return Cells.fixed(v, 3);
  }

  private static String trim(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
