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

  /** The Markdown text. */
  static String render(Ranking ranking) {
    StringBuilder s = new StringBuilder("# Learning-rate schedule ranking\n\n");
    s.append(ConsoleReport.summary(ranking)).append("\n\n");
    if (ranking.grouped()) {
      s.append("## Grid points\n\nRanked by mean final test accuracy over completed seeds (ties: lower mean final loss);"
          + " std is the sample standard deviation (n - 1), '-' for a single seed.\n\n");
      s.append("| rank | grid point | family | label | mean accuracy | std | seeds | mean final loss |\n");
      s.append("|---:|---|---|---|---:|---:|---:|---:|\n");
      int rank = 0;
      for (PointSummary p : ranking.points()) {
        s.append("| ").append(++rank).append(" | ").append(Cells.md(p.gridPoint())).append(" | ")
            .append(Cells.md(p.family())).append(" | ").append(Cells.md(p.label())).append(" | ")
            .append(Cells.fixed(p.meanAccuracy(), 4)).append(" | ").append(Cells.fixed(p.stdAccuracy(), 4))
            .append(" | ").append(p.seeds()).append(" | ").append(Cells.fixed(p.meanLoss(), 4)).append(" |\n");
      }
      s.append("\n## Trials\n\n");
    } else {
      s.append("## Trials\n\nRanked by final test accuracy (ties: lower final test loss).\n\n");
    }
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
