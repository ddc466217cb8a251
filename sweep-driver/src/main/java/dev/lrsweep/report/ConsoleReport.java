package dev.lrsweep.report;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;

/** The ranking as the terminal shows it: a summary line, the ranked table, then the failures. */
public final class ConsoleReport {
  private static final int MESSAGE_WIDTH = 100;

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
    if (ranking.grouped()) {
      s.append("\nGrid points by mean final test accuracy (std: sample, n-1; '-' for one seed):\n");
      TextTable points = new TextTable(List.of("rank", "label", "mean_acc", "std", "seeds", "mean_loss"),
          true, false, true, true, true, true);
      int rank = 0;
      for (PointSummary p : ranking.points()) {
        points.add(List.of(Integer.toString(++rank), p.label(), Cells.fixed(p.meanAccuracy(), 4),
            Cells.fixed(p.stdAccuracy(), 4), Integer.toString(p.seeds()), Cells.fixed(p.meanLoss(), 4)));
      }
      s.append(points.render());
    }
    s.append(ranking.grouped() ? "\nTrials by grid point rank:\n" : "\nRanked by final test accuracy (ties: lower final loss):\n");
    TextTable table = new TextTable(
        List.of("rank", "trial_id", "label", "final_acc", "best_acc", "best_epoch", "final_loss", "epochs", "seconds"),
        true, false, false, true, true, true, true, true, true);
    for (RankedTrial row : ranking.rows()) {
      TrialRecord r = row.trial();
      TrialResult t = r.result();
      table.add(List.of(Integer.toString(row.rank()), r.trialId(), r.label(), Cells.fixed(t.finalAccuracy(), 4),
          Cells.fixed(t.bestAccuracy(), 4), Cells.epochNumber(t.bestEpoch()), Cells.fixed(t.finalLoss(), 4),
          Integer.toString(t.epochsRun()), Cells.fixed(t.seconds(), 1)));
    }
    s.append(table.render());
    s.append(HalvingReport.console(ranking));
    if (!ranking.failures().isEmpty()) {
      s.append("\nFailed and diverged:\n");
      TextTable failures = new TextTable(List.of("trial_id", "status", "epochs", "message"), false, false, true, false);
      for (TrialRecord r : ranking.failures()) {
        failures.add(List.of(r.trialId(), r.result().status().name(), Integer.toString(r.result().epochsRun()),
            Cells.oneLine(r.result().message(), MESSAGE_WIDTH)));
      }
      s.append(failures.render());
    }
    return s.toString();
  }
}
