package dev.lrsweep.report;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code ranking.md}: the ranking, the grid points (with repeats) and the failures, as Markdown tables. */
public final class MarkdownReport implements ReportWriter {
  /** The file's name. */
  public static final String FILE = "ranking.md";

  @Override
  public List<Path> write(Ranking ranking, OutputDir out) throws IOException {
    Path file = out.resolve(FILE);
    OutputDir.replace(file, render(ranking));
    return List.of(file);
  }

  private static String range(double low, double high) {
    return Double.isFinite(low) ? Cells.fixed(low, 4) + " to " + Cells.fixed(high, 4) : "-";
  }

  /** The Markdown text. */
  static String render(Ranking ranking) {
    StringBuilder s = new StringBuilder("# Learning-rate schedule ranking\n\n");
    s.append(ConsoleReport.summary(ranking)).append("\n\n");
    if (!ranking.points().isEmpty()) {
      s.append("## Verdict\n\n").append(Cells.md(ranking.verdict())).append("\n\n");
      s.append("## Grid points\n\n");
      s.append(ranking.grouped()
          ? "Ranked by mean final test accuracy over completed seeds (ties: lower mean final loss). std: sample"
              + " standard deviation (n - 1); ci95: Student-t 95% interval of the mean; diff: mean minus the best's,"
              + " with the t interval of the paired differences (repeat r against the best's repeat r); p: paired"
              + " t-test (two-sided, df = pairs - 1), Holm-adjusted, and the exact sign-flip test over all 2^R sign"
              + " patterns (it cannot go below 2/2^R). Tied: not significantly worse than the best at alpha "
          : "One seed per grid point, ranked by final test accuracy. ci95: Wilson's interval over the test images"
              + " (test-set noise only, not seed luck); p: McNemar's exact test against the best trial on the same"
              + " test images, Holm-adjusted. Tied: indistinguishable from the best at alpha ");
      s.append(Cells.exact(ranking.alpha())).append(" by the Holm-adjusted p-value.\n\n");
      s.append("| rank | grid point | label | repeats | mean_accuracy | std_accuracy | ci95 | diff_vs_best | diff ci95"
          + " | p_vs_best | p_vs_best_holm | p_vs_best_exact | tied_with_best |\n");
      s.append("|---:|---|---|---:|---:|---:|---|---:|---|---:|---:|---:|---|\n");
      int rank = 0;
      for (PointSummary p : ranking.points()) {
        VsBest v = p.vsBest();
        s.append("| ").append(++rank).append(" | ").append(Cells.md(p.gridPoint())).append(" | ")
            .append(Cells.md(p.label())).append(" | ").append(p.seeds()).append(" | ")
            .append(Cells.fixed(p.meanAccuracy(), 4)).append(" | ").append(Cells.fixed(p.stdAccuracy(), 4)).append(" | ")
            .append(range(p.ci95Low(), p.ci95High())).append(" | ").append(Cells.fixed(v.diff(), 4)).append(" | ")
            .append(range(v.diffLow(), v.diffHigh())).append(" | ").append(ConsoleReport.pValue(v.p())).append(" | ")
            .append(ConsoleReport.pValue(v.pHolm())).append(" | ").append(ConsoleReport.pValue(v.pExact())).append(" | ")
            .append(v.tied() ? (rank == 1 ? "best" : "yes") : "no").append(" |\n");
      }
      s.append("\n");
    }
    s.append(ranking.grouped() ? "## Trials\n\n" : "## Trials\n\nRanked by final test accuracy (ties: lower final test loss).\n\n");
    s.append("| rank | trial | family | label | status | final accuracy | best accuracy (epoch) | final loss | epochs | seconds |\n");
    s.append("|---:|---|---|---|---|---:|---:|---:|---:|---:|\n");
    for (RankedTrial row : ranking.rows()) {
      TrialRecord r = row.trial();
      TrialResult t = r.result();
      s.append("| ").append(row.rank()).append(" | ").append(Cells.md(r.trialId())).append(" | ")
          .append(Cells.md(r.family())).append(" | ").append(Cells.md(r.label())).append(" | ")
          .append(t.status()).append(" | ").append(Cells.fixed(t.finalAccuracy(), 4)).append(" | ")
          .append(Cells.fixed(t.bestAccuracy(), 4)).append(" (").append(Cells.epochNumber(t.bestEpoch())).append(") | ")
          .append(Cells.fixed(t.finalLoss(), 4)).append(" | ").append(t.epochsRun()).append(" | ")
          .append(Cells.fixed(t.seconds(), 1)).append(" |\n");
    }
    s.append(HalvingReport.markdown(ranking));
    s.append("\n## Failed and diverged\n\n");
    if (ranking.failures().isEmpty()) {
      s.append("None.\n");
    } else {
      s.append("| trial | family | label | status | epochs | message |\n|---|---|---|---|---:|---|\n");
      for (TrialRecord r : ranking.failures()) {
        s.append("| ").append(Cells.md(r.trialId())).append(" | ").append(Cells.md(r.family())).append(" | ")
            .append(Cells.md(r.label())).append(" | ").append(r.result().status()).append(" | ")
            .append(r.result().epochsRun()).append(" | ").append(Cells.md(r.result().message())).append(" |\n");
      }
    }
    return s.toString();
  }
}
