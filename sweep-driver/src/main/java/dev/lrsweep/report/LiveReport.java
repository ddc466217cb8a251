package dev.lrsweep.report;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.StoredResults;
import dev.lrsweep.trial.EpochRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report of a sweep in progress: collects the epochs of running trials as they arrive and
 * rewrites every report file after each finished trial, so {@code report.html} and the rankings
 * are current while the sweep runs. Files are replaced whole ({@link OutputDir#replace}), so a
 * reader never sees half a file. Not thread-safe: the runner calls it on one thread.
 *
 * <p>A failure to write is logged and the sweep goes on: results.jsonl, not the report, is the
 * record, and the final report is written again when the sweep ends.
 */
public final class LiveReport {
  private static final Logger LOG = LoggerFactory.getLogger(LiveReport.class);

  private final Supplier<StoredResults> results;
  private final OutputDir out;
  private final Function<String, String> labels;
  private final Function<String, Integer> epochs;
  private final Map<String, List<EpochRecord>> running = new LinkedHashMap<>();

  /**
   * @param results the results stored so far (read at each rewrite)
   * @param out where the reports go
   * @param labels label of a trial id
   * @param epochs the epochs a trial id trains in all
   */
  public LiveReport(Supplier<StoredResults> results, OutputDir out, Function<String, String> labels,
      Function<String, Integer> epochs) {
    this.results = Objects.requireNonNull(results, "results");
    this.out = Objects.requireNonNull(out, "out");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.epochs = Objects.requireNonNull(epochs, "epochs");
  }

  /** An epoch of a running trial arrived (epochs of one trial arrive in order). */
  public void epoch(String trialId, EpochRecord epoch) {
    running.computeIfAbsent(trialId, k -> new ArrayList<>()).add(epoch);
  }

  /** A trial's result is stored: it leaves the running ones, and every report is rewritten. */
  public void finished(String trialId) {
    running.remove(trialId);
    try {
      Reports.writeAll(results.get(), out, runningTrials());
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not rewrite the live report in {}: {}", out, e.toString());
    }
  }

  /** The trials with epochs but no result yet, in the order their first epoch arrived. */
  public List<RunningTrial> runningTrials() {
    List<RunningTrial> list = new ArrayList<>();
    running.forEach((id, h) -> list.add(new RunningTrial(id, labels.apply(id), epochs.apply(id), h)));
    return list;
  }
}
