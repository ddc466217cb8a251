package dev.lrsweep.report;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ranking.csv} and {@code failures.csv}. Numbers are written in full precision; an
 * undefined value (the standard deviation of one seed, the loss of a trial that never ran) is an
 * empty field.
 */
public final class CsvReport implements ReportWriter {
  /** The ranking file's name. */
  public static final String RANKING = "ranking.csv";
  /** The failures file's name. */
  public static final String FAILURES = "failures.csv";
  /** The ranking header; with repeats {@link #GROUP_COLUMNS} follow. */
  public static final String HEADER =
      "rank,trial_id,family,label,status,final_accuracy,best_accuracy,best_epoch,final_loss,epochs,seconds";
  /** Columns added with repeats: the grid point's mean, sample std and completed seeds. */
  public static final String GROUP_COLUMNS = "mean_accuracy,std_accuracy,seeds";
  /** The failures header. */
  public static final String FAILURES_HEADER = "trial_id,family,label,status,epochs,seconds,message";

  @Override
  public List<Path> write(Ranking ranking, OutputDir out) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(ranking.grouped() ? HEADER + "," + GROUP_COLUMNS : HEADER);
    for (RankedTrial row : ranking.rows()) {
      TrialRecord r = row.trial();
      TrialResult t = r.result();
      StringBuilder s = new StringBuilder()
          .append(row.rank()).append(',')
          .append(Cells.csv(r.trialId())).append(',')
          .append(Cells.csv(r.family())).append(',')
          .append(Cells.csv(r.label())).append(',')
          .append(t.status()).append(',')
          .append(Cells.exact(t.finalAccuracy())).append(',')
          .append(Cells.exact(t.bestAccuracy())).append(',')
          .append(Cells.epochNumber(t.bestEpoch())).append(',')
          .append(Cells.exact(t.finalLoss())).append(',')
          .append(t.epochsRun()).append(',')
          .append(Cells.exact(t.seconds()));
      if (ranking.grouped()) {
        s.append(',').append(Cells.exact(row.point().meanAccuracy()))
            .append(',').append(Cells.exact(row.point().stdAccuracy()))
            .append(',').append(row.point().seeds());
      }
      lines.add(s.toString());
    }
    List<String> failures = new ArrayList<>();
    failures.add(FAILURES_HEADER);
    for (TrialRecord r : ranking.failures()) {
      failures.add(String.join(",", Cells.csv(r.trialId()), Cells.csv(r.family()), Cells.csv(r.label()),
          r.result().status().name(), Integer.toString(r.result().epochsRun()), Cells.exact(r.result().seconds()),
          Cells.csv(r.result().message())));
    }
    Path ranked = out.resolve(RANKING);
    Path failed = out.resolve(FAILURES);
    OutputDir.replace(ranked, String.join("\n", lines) + "\n");
    OutputDir.replace(failed, String.join("\n", failures) + "\n");
    return List.of(ranked, failed);
  }
}
