package dev.lrsweep.report;

import dev.lrsweep.halving.HalvingSweep;
import dev.lrsweep.store.HalvingMark;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The successive-halving parts of the reports: where each stopped trial stopped, what halving
 * saved against the full grid, the per-rung table of a run, and the comparison with a full-grid
 * run of the same sweep. Empty text for a full-grid sweep.
 */
public final class HalvingReport {
  private HalvingReport() {}

  /**
   * Compute spent against the full grid, from the trials' own records.
   *
   * @param trials trials with a halving mark
   * @param epochsTrained epochs the sweep trained: each trial's epochs run (a resumed trial never
   *     trains an epoch twice)
   * @param fullEpochs epochs the full grid trains: trials x training.epochs
   * @param trialSeconds the trials' wall time, summed over segments
   * @param fullSecondsEstimate the full grid's, estimated per trial as its seconds per epoch times
   *     training.epochs (trials that ran no epoch count as they are)
   */
  public record Savings(int trials, long epochsTrained, long fullEpochs, double trialSeconds,
      double fullSecondsEstimate) {
    /** 1 - epochsTrained / fullEpochs. */
    public double epochsSaved() {
      return fullEpochs == 0 ? 0 : 1 - (double) epochsTrained / fullEpochs;
    }
  }

  /** All records of a ranking, whatever their status. */
  static List<TrialRecord> all(Ranking ranking) {
    List<TrialRecord> all = new ArrayList<>();
    ranking.rows().forEach(r -> all.add(r.trial()));
    all.addAll(ranking.stopped());
    all.addAll(ranking.failures());
    return all;
  }

  /** The savings of a halving sweep, empty for a full grid. */
  public static Optional<Savings> savings(Ranking ranking) {
    int trials = 0;
    long trained = 0;
    long full = 0;
    double seconds = 0;
    double estimate = 0;
    for (TrialRecord r : all(ranking)) {
      if (r.halving().isEmpty()) {
        continue;
      }
      HalvingMark h = r.halving().get();
      int run = r.result().epochsRun();
      trials++;
      trained += run;
      full += h.epochs();
      seconds += r.result().seconds();
      estimate += run == 0 ? r.result().seconds() : r.result().seconds() / run * h.epochs();
    }
    return trials == 0 ? Optional.empty() : Optional.of(new Savings(trials, trained, full, seconds, estimate));
  }

  /** Console section: stopped trials (ranked after the survivors) and the compute saved. */
  public static String console(Ranking ranking) {
    Optional<Savings> savings = savings(ranking);
    if (savings.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    if (!ranking.stopped().isEmpty()) {
      s.append("\nStopped by successive halving (ranked after the survivors: later rung first, then accuracy there):\n");
      TextTable t = new TextTable(List.of("rank", "trial_id", "label", "stopped_at", "epoch", "acc_there", "loss_there"),
          true, false, false, false, true, true, true);
      int rank = ranking.rows().size();
      for (TrialRecord r : ranking.stopped()) {
        HalvingMark h = r.halving().orElseThrow();
        t.add(List.of(Integer.toString(++rank), r.trialId(), r.label(), "rung " + (h.rung() + 1) + "/" + h.rungs(),
            Integer.toString(h.rungEpoch()), Cells.fixed(r.result().finalAccuracy(), 4),
            Cells.fixed(r.result().finalLoss(), 4)));
      }
      s.append(t.render());
    }
    s.append('\n').append(savingsLine(savings.get())).append('\n');
    return s.toString();
  }

  /** Markdown section, same content as {@link #console}. */
  public static String markdown(Ranking ranking) {
    Optional<Savings> savings = savings(ranking);
    if (savings.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder("\n## Stopped by successive halving\n\n");
    s.append("Ranked after the survivors (the completed trials above): later rung first, then test accuracy at that"
        + " rung (ties: lower loss).\n\n");
    if (ranking.stopped().isEmpty()) {
      s.append("None.\n");
    } else {
      s.append("| rank | trial | label | stopped at rung | epoch | accuracy there | loss there |\n");
      s.append("|---:|---|---|---:|---:|---:|---:|\n");
      int rank = ranking.rows().size();
      for (TrialRecord r : ranking.stopped()) {
        HalvingMark h = r.halving().orElseThrow();
        s.append("| ").append(++rank).append(" | ").append(Cells.md(r.trialId())).append(" | ")
            .append(Cells.md(r.label())).append(" | ").append(h.rung() + 1).append(" of ").append(h.rungs())
            .append(" | ").append(h.rungEpoch()).append(" | ").append(Cells.fixed(r.result().finalAccuracy(), 4))
            .append(" | ").append(Cells.fixed(r.result().finalLoss(), 4)).append(" |\n");
      }
    }
    s.append("\n").append(savingsLine(savings.get())).append("\n");
    return s.toString();
  }

  static String savingsLine(Savings v) {
    return String.format(Locale.ROOT,
        "Successive halving: %d of %d epochs trained (%.1f%% saved against the full grid of %d trials);"
            + " trial time %.1f s against an estimated %.1f s for the full grid (%.1f%% saved).",
        v.epochsTrained(), v.fullEpochs(), 100 * v.epochsSaved(), v.trials(), v.trialSeconds(),
        v.fullSecondsEstimate(),
        v.fullSecondsEstimate() == 0 ? 0 : 100 * (1 - v.trialSeconds() / v.fullSecondsEstimate()));
  }

  /** The per-rung table {@code sweep run} prints after a halving run. */
  public static String rungTable(List<HalvingSweep.RungSummary> rungs, double wallSeconds) {
    TextTable t = new TextTable(List.of("rung", "epochs", "entered", "ran", "went_on", "epochs_trained",
        "checkpoints_MB", "checkpoint_s", "seconds"), true, true, true, true, true, true, true, true, true);
    for (HalvingSweep.RungSummary r : rungs) {
      t.add(List.of(Integer.toString(r.rung() + 1), Integer.toString(r.epochs()), Integer.toString(r.entered()),
          Integer.toString(r.ran()), Integer.toString(r.survivors()), Long.toString(r.epochsTrained()),
          Cells.fixed(r.checkpointBytes() / 1e6, 1), Cells.fixed(r.checkpointSeconds(), 2),
          Cells.fixed(r.seconds(), 1)));
    }
    return "Rungs of this run (ran: segments trained now; went_on: survivors, or completed at the last rung):\n"
        + t.render() + String.format(Locale.ROOT, "wall time of the halving run: %.1f s%n", wallSeconds);
  }

  /**
   * A halving sweep against a full-grid run of the same trials.
   *
   * @param fullWinner the full grid's best completed trial
   * @param winnerSurvived whether it completed the halving sweep (reached the last rung)
   * @param halvingWinner the halving sweep's best completed trial
   * @param common trials in both rankings (ranked in both: completed or stopped)
   * @param spearman Spearman's rho between the two orders of the common trials (the halving order:
   *     survivors by final accuracy, then stopped trials by rung and accuracy there)
   * @param kendall Kendall's tau-a over the same
   * @param completedBoth trials completed in both runs
   * @param spearmanCompleted Spearman's rho on those (NaN for fewer than 2)
   */
  public record Comparison(String fullWinner, boolean winnerSurvived, String halvingWinner, int common,
      double spearman, double kendall, int completedBoth, double spearmanCompleted) {}

  /** Compares a halving ranking with a full-grid ranking of the same sweep. */
  public static Comparison compare(Ranking halving, Ranking full) {
    List<String> halvingOrder = new ArrayList<>();
    halving.rows().forEach(r -> halvingOrder.add(r.trial().trialId()));
    halving.stopped().forEach(r -> halvingOrder.add(r.trialId()));
    List<String> fullOrder = new ArrayList<>();
    full.rows().forEach(r -> fullOrder.add(r.trial().trialId()));
    List<String> completedHalving = new ArrayList<>();
    halving.rows().forEach(r -> completedHalving.add(r.trial().trialId()));

    String fullWinner = fullOrder.isEmpty() ? "" : fullOrder.get(0);
    String halvingWinner = completedHalving.isEmpty() ? "" : completedHalving.get(0);
    boolean survived = !fullWinner.isEmpty() && completedHalving.contains(fullWinner);
    List<String> common = new ArrayList<>(halvingOrder);
    common.retainAll(fullOrder);
    List<String> both = new ArrayList<>(completedHalving);
    both.retainAll(fullOrder);
    return new Comparison(fullWinner, survived, halvingWinner, common.size(),
        spearman(common, halvingOrder, fullOrder), kendall(common, halvingOrder, fullOrder), both.size(),
        spearman(both, completedHalving, fullOrder));
  }

  /** The comparison as text lines (console and, prefixed, Markdown). */
  public static String render(Comparison c, Ranking halving, Ranking full) {
    Map<String, String> labels = new HashMap<>();
    for (Ranking r : List.of(halving, full)) {
      all(r).forEach(t -> labels.put(t.trialId(), t.label()));
    }
    return String.format(Locale.ROOT,
        "Against the full grid: its winner %s (%s) %s; the halving winner is %s (%s)%s.%n"
            + "Rank agreement on the %d trials ranked in both (halving order: survivors, then stopped by rung and"
            + " accuracy there): Spearman %.3f, Kendall tau %.3f; on the %d completed in both: Spearman %s.%n",
        c.fullWinner(), labels.getOrDefault(c.fullWinner(), "?"),
        c.winnerSurvived() ? "survived every rung" : "was stopped by halving", c.halvingWinner(),
        labels.getOrDefault(c.halvingWinner(), "?"), c.fullWinner().equals(c.halvingWinner()) ? ", the same" : "",
        c.common(), c.spearman(), c.kendall(), c.completedBoth(),
        Double.isNaN(c.spearmanCompleted()) ? "n/a (fewer than 2)" : String.format(Locale.ROOT, "%.3f",
            c.spearmanCompleted()));
  }

  /** Spearman's rho of {@code items}' positions in two total orders (no ties): 1 - 6 sum d^2 / (n (n^2 - 1)). */
  static double spearman(List<String> items, List<String> a, List<String> b) {
    int n = items.size();
    if (n < 2) {
      return Double.NaN;
    }
    List<String> ra = new ArrayList<>(a);
    ra.retainAll(items);
    List<String> rb = new ArrayList<>(b);
    rb.retainAll(items);
    double d2 = 0;
    for (String x : items) {
      double d = ra.indexOf(x) - rb.indexOf(x);
      d2 += d * d;
    }
    return 1 - 6 * d2 / ((double) n * ((double) n * n - 1));
  }

  /** Kendall's tau-a: (concordant - discordant) / (n (n - 1) / 2) pairs. */
  static double kendall(List<String> items, List<String> a, List<String> b) {
    int n = items.size();
    if (n < 2) {
      return Double.NaN;
    }
    long score = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int sa = Integer.signum(a.indexOf(items.get(i)) - a.indexOf(items.get(j)));
        int sb = Integer.signum(b.indexOf(items.get(i)) - b.indexOf(items.get(j)));
        score += sa * sb;
      }
    }
    return score / (n * (n - 1) / 2.0);
  }

  /** Whether any trial of the ranking is from a halving sweep. */
  public static boolean isHalving(Ranking ranking) {
    return all(ranking).stream().anyMatch(r -> r.halving().isPresent());
  }

  /** Trials of a status, for tests and summaries. */
  static long count(Ranking ranking, TrialStatus status) {
    return all(ranking).stream().filter(r -> r.result().status() == status).count();
  }
}
