package dev.lrsweep.report;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ranking.csv} (one row per grid point, with its statistics), {@code trials.csv} (one row
 * per completed trial) and {@code failures.csv}. Numbers are written in full precision; an
 * undefined value (the standard deviation of one seed, the p-values of the best point, the loss
 * of a trial that never ran) is an empty field.
 */
public final class CsvReport implements ReportWriter {
  /** The ranking file's name. */
  public static final String RANKING = "ranking.csv";
  /** The per-trial file's name. */
  public static final String TRIALS = "trials.csv";
  /** The failures file's name. */
  public static final String FAILURES = "failures.csv";
  /** The statistics columns of every ranking format, named exactly so for scripts. */
  public static final String STATISTICS = "repeats,mean_accuracy,std_accuracy,ci95_low,ci95_high,diff_vs_best,"
      + "diff_ci95_low,diff_ci95_high,p_vs_best,p_vs_best_holm,p_vs_best_exact,tied_with_best";
  /** The ranking header: rank and schedule, {@link #STATISTICS}, then mean loss and the test used. */
  public static final String HEADER = "rank,grid_point,family,label," + STATISTICS + ",mean_loss,comparison";
  /** The trials header; with repeats {@link #GROUP_COLUMNS} follow. */
  public static final String TRIALS_HEADER =
      "rank,trial_id,family,label,status,final_accuracy,best_accuracy,best_epoch,final_loss,epochs,epochs_trained,"
          + "epochs_inherited,seconds";
  /** Columns added to the trials with repeats: the grid point's mean, sample std and completed seeds. */
  public static final String GROUP_COLUMNS = "mean_accuracy,std_accuracy,seeds";
  /** The failures header. */
  public static final String FAILURES_HEADER = "trial_id,family,label,status,epochs,seconds,message";

  @Override
  public List<Path> write(Ranking ranking, OutputDir out) throws IOException {
    List<String> points = new ArrayList<>();
    points.add(HEADER);
    int rank = 0;
    for (PointSummary p : ranking.points()) {
      VsBest v = p.vsBest();
      points.add(String.join(",", Integer.toString(++rank), Cells.csv(p.gridPoint()), Cells.csv(p.family()),
          Cells.csv(p.label()), Integer.toString(p.seeds()), Cells.exact(p.meanAccuracy()),
          Cells.exact(p.stdAccuracy()), Cells.exact(p.ci95Low()), Cells.exact(p.ci95High()), Cells.exact(v.diff()),
          Cells.exact(v.diffLow()), Cells.exact(v.diffHigh()), Cells.exact(v.p()), Cells.exact(v.pHolm()),
          Cells.exact(v.pExact()), Boolean.toString(v.tied()), Cells.exact(p.meanLoss()), v.test().key()));
    }
    List<String> lines = new ArrayList<>();
    lines.add(ranking.grouped() ? TRIALS_HEADER + "," + GROUP_COLUMNS : TRIALS_HEADER);
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
          .append(r.epochsTrained()).append(',')
          .append(r.epochsInherited()).append(',')
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
    Path trials = out.resolve(TRIALS);
    Path failed = out.resolve(FAILURES);
    OutputDir.replace(ranked, String.join("\n", points) + "\n");
    OutputDir.replace(trials, String.join("\n", lines) + "\n");
    OutputDir.replace(failed, String.join("\n", failures) + "\n");
    return List.of(ranked, trials, failed);
  }
}
