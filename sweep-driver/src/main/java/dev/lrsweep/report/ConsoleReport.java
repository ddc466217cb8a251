package dev.lrsweep.report;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;

/**
 * The ranking as the terminal shows it, every line at most {@link #WIDTH} characters: a summary
 * line, the grid points with intervals and their comparison with the best (a mark on the best and
 * on the schedules tied with it), the verdict in words, the trials, then the failures. Labels are
 * cut to fit; full trial ids are in the files and the HTML report.
 */
public final class ConsoleReport {
  /** The widest line the console report prints. */
  public static final int WIDTH = 120;
  /** Marks the best grid point. */
  static final String BEST_MARK = "*";
  /** Marks a grid point tied with the best. */
  static final String TIED_MARK = "=";

  private ConsoleReport() {}

  /** {@code N trials: a completed, b diverged, c failed.} */
  static String summary(Ranking ranking) {
    long completed = ranking.count(TrialStatus.COMPLETED);
    long diverged = ranking.count(TrialStatus.DIVERGED);
    long failed = ranking.count(TrialStatus.FAILED);
    long stopped = ranking.count(TrialStatus.STOPPED);
    return (completed + diverged + failed + stopped) + " trials: " + completed + " completed, "
        + (stopped > 0 ? stopped + " stopped by successive halving, " : "") + diverged + " diverged, "
        + failed + " failed.";
  }

  /** The text, lines ending in '\n'. */
  public static String render(Ranking ranking) {
    StringBuilder s = new StringBuilder(summary(ranking)).append('\n');
    if (!ranking.points().isEmpty()) {
      s.append('\n').append(points(ranking));
      s.append('\n').append(wrap(ranking.verdict(), WIDTH));
    }
    s.append(ranking.grouped() ? "\nTrials by grid point rank:\n" : "\nTrials by final test accuracy (ties: lower final loss):\n");
    TextTable table = new TextTable(
        List.of("rank", "schedule", "repeat", "final_acc", "best_acc", "best_epoch", "final_loss", "epochs", "seconds"),
        true, false, true, true, true, true, true, true, true);
    for (RankedTrial row : ranking.rows()) {
      TrialRecord r = row.trial();
      TrialResult t = r.result();
      table.add(List.of(Integer.toString(row.rank()), r.label(), Integer.toString(r.repeat()),
          Cells.fixed(t.finalAccuracy(), 4), Cells.fixed(t.bestAccuracy(), 4), Cells.epochNumber(t.bestEpoch()),
          Cells.fixed(t.finalLoss(), 4), Integer.toString(t.epochsRun()), Cells.fixed(t.seconds(), 1)));
    }
    s.append(table.render(WIDTH, 1));
    s.append(HalvingReport.console(ranking));
    if (!ranking.failures().isEmpty()) {
      s.append("\nFailed and diverged:\n");
      TextTable failures = new TextTable(List.of("schedule", "repeat", "status", "epochs", "message"),
          false, true, false, true, false);
      for (TrialRecord r : ranking.failures()) {
        failures.add(List.of(Cells.oneLine(r.label(), 40), Integer.toString(r.repeat()), r.result().status().name(),
            Integer.toString(r.result().epochsRun()), Cells.oneLine(r.result().message(), 200)));
      }
      s.append(failures.render(WIDTH, 4));
    }
    return s.toString();
  }

  /** The grid-point table: intervals, difference to the best, p-values, tie marks. */
  static String points(Ranking ranking) {
    String alpha = java.math.BigDecimal.valueOf(ranking.alpha()).stripTrailingZeros().toPlainString();
    StringBuilder s = new StringBuilder();
    TextTable table;
    if (ranking.grouped()) {
      s.append(wrap("Grid points by mean final test accuracy ± half its 95% interval (t over seeds); diff vs best:"
          + " mean minus the best's ± half the paired t interval; p: paired t-test, Holm-adjusted, exact sign-flip. "
          + BEST_MARK + " best, " + TIED_MARK + " tied with it (alpha " + alpha + "):", WIDTH));
      table = new TextTable(List.of("", "rank", "schedule", "accuracy", "std", "diff vs best", "p", "p_holm",
          "p_exact", "seeds"), false, true, false, true, true, true, true, true, true, true);
      int rank = 0;
      for (PointSummary p : ranking.points()) {
        VsBest v = p.vsBest();
        table.add(List.of(mark(p, rank), Integer.toString(++rank), p.label(),
            pm(p.meanAccuracy(), (p.ci95High() - p.ci95Low()) / 2), Cells.fixed(p.stdAccuracy(), 3),
            v.test() == VsBest.Test.BEST ? "best" : pm(v.diff(), (v.diffHigh() - v.diffLow()) / 2),
            pValue(v.p()), pValue(v.pHolm()), pValue(v.pExact()), Integer.toString(p.seeds())));
      }
    } else {
      s.append(wrap("Grid points by final test accuracy (one seed each), with Wilson's 95% interval over the test"
          + " images; p: McNemar's exact test against the best on the same images, Holm-adjusted. " + BEST_MARK
          + " best, " + TIED_MARK + " indistinguishable (alpha " + alpha + "):", WIDTH));
      table = new TextTable(List.of("", "rank", "schedule", "accuracy", "95% interval", "diff vs best", "p", "p_holm"),
          false, true, false, true, true, true, true, true);
      int rank = 0;
      for (PointSummary p : ranking.points()) {
        VsBest v = p.vsBest();
        table.add(List.of(mark(p, rank), Integer.toString(++rank), p.label(), Cells.fixed(p.meanAccuracy(), 3),
            Double.isFinite(p.ci95Low()) ? Cells.fixed(p.ci95Low(), 3) + " to " + Cells.fixed(p.ci95High(), 3) : "-",
            v.test() == VsBest.Test.BEST ? "best" : Cells.fixed(v.diff(), 3), pValue(v.p()), pValue(v.pHolm())));
      }
    }
    s.append(table.render(WIDTH, 2));
    return s.toString();
  }

  private static String mark(PointSummary p, int index) {
    return index == 0 ? BEST_MARK : p.tied() ? TIED_MARK : "";
  }

  /** {@code 0.781 ± 0.004}; the value alone when the half-width is undefined. */
  static String pm(double value, double half) {
    return Double.isFinite(half) ? Cells.fixed(value, 3) + " ± " + Cells.fixed(half, 3) : Cells.fixed(value, 3);
  }

  /** A p-value for people: 3 decimals, {@code <0.001} below, "-" when undefined. */
  static String pValue(double p) {
    if (!Double.isFinite(p)) {
      return "-";
    }
    return p < 0.001 ? "<0.001" : Cells.fixed(p, 3);
  }

  /** Words wrapped at spaces into lines of at most {@code width}; a longer word is cut. */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder();
    List<String> words = new java.util.ArrayList<>();
    for (String word : text.split(" ")) {
      for (int i = 0; i < word.length(); i += width) {
        words.add(word.substring(i, Math.min(word.length(), i + width)));
      }
    }
    for (String word : words) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        out.append(line).append('\n');
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
