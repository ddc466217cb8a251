package dev.lrsweep.cli;

import dev.lrsweep.config.DataCheck;
import dev.lrsweep.config.Environment;
import dev.lrsweep.config.HalvingConfig;
import dev.lrsweep.data.Batches;
import dev.lrsweep.data.ImageDataset;
import dev.lrsweep.exec.ForestRun;
import dev.lrsweep.exec.ForkStore;
import dev.lrsweep.exec.Node;
import dev.lrsweep.exec.PrefixForest;
import dev.lrsweep.spark.SegmentRequest;
import dev.lrsweep.halving.HalvingSweep;
import dev.lrsweep.report.HalvingReport;
import dev.lrsweep.report.LiveReport;
import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.grid.SweepPlan;
import dev.lrsweep.grid.SweepPlanner;
import dev.lrsweep.report.ConsoleReport;
import dev.lrsweep.report.Reports;
import dev.lrsweep.spark.DataShipping;
import dev.lrsweep.spark.SparkContexts;
import dev.lrsweep.spark.SparkSettings;
import dev.lrsweep.spark.SparkTrialRunner;
import dev.lrsweep.spark.TrialJobException;
import dev.lrsweep.store.ResultStore;
import dev.lrsweep.store.SweepManifest;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sweep run}: validates the configuration, finds the data, skips the trials the output
 * directory already holds, runs the rest as Spark tasks (appending each result to {@code
 * results.jsonl} as it arrives) and writes the ranked tables.
 *
 * <p>Exit codes: see {@link ExitCode} (listed in {@code --help}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a sweep: one Spark task per trial, a console line per epoch of each running trial,",
      "results appended to OUT/results.jsonl as they finish, the ranking files and OUT/report.html",
      "rewritten after every trial. Rerunning with the same OUT resumes."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCode.Help.OK, ExitCode.Help.SOME_FAILED, ExitCode.Help.BAD_INPUT, ExitCode.Help.NOTHING_COMPLETED
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "Sweep configuration (HOCON).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a config value (HOCON), e.g. --set training.epochs=3. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = {
        "Spark master for runs outside spark-submit (default: local[*]).",
        "Under spark-submit leave it out: the master comes from spark-submit."
      })
  Optional<String> master = Optional.empty();

  @Option(names = "--retry-failed", description = "Rerun trials that FAILED in an earlier run into the same OUT.")
  boolean retryFailed;

  @Option(
      names = "--ship-data",
      description = {
        "Ship the dataset (its file, or the files of its directory) to executors with",
        "SparkContext.addFile instead of reading it from a path every node sees (use on clusters",
        "without a shared file system)."
      })
  boolean shipData;

  @Option(
      names = "--status-every",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Seconds between status lines (done/running/failed, elapsed, time left); 0 for none. Default: ${DEFAULT-VALUE}.")
  int statusEvery;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (statusEvery < 0) {
      throw new ParameterException(spec.commandLine(),
          "--status-every must be 0 (off) or positive, found " + statusEvery);
    }
    SweepPlan plan = SweepPlanner.load(config, overrides, Environment.system());
    String dataLocation = plan.data().requireFound().location();
    // before Spark: a bad dataset is one message, not n failed trials
    Optional<ImageDataset> data = DataCheck.verify(plan.config().data().dataset(), dataLocation);
    OptionalInt steps = data.map(d -> OptionalInt.of(stepsPerEpoch(plan, d))).orElse(OptionalInt.empty());
    boolean share = plan.config().sharing() && steps.isPresent();
    if (plan.config().sharing() && !share) {
      out.println("lrsweep: prefix sharing off: the driver cannot read " + dataLocation
          + " to count the iterations of an epoch");
    }

    try (ResultStore store = ResultStore.open(plan.config().out(), SweepManifest.of(plan))) {
      if (plan.config().halving().isPresent()) {
        runHalving(plan, store, out, dataLocation, steps.orElse(1), share);
      } else {
        runGrid(plan, store, out, dataLocation, steps.orElse(1), share);
      }
      Reports.Written written = Reports.writeAll(store.results(), store.outputDir());
      out.println();
      out.print(ConsoleReport.render(written.ranking()));
      out.println();
      for (Path f : written.files()) {
        out.println("wrote " + f);
      }
      return outcome(plan, store).code();
    } catch (TrialJobException e) {
      throw new TrialJobException("the Spark job failed: " + e.getMessage() + "\nFinished trials are saved in "
          + plan.config().out() + "/results.jsonl; rerun the same command to resume.", e);
    } catch (IOException | UncheckedIOException e) {
      throw new IOException("output directory " + plan.config().out() + ": " + e.getMessage(), e);
    }
  }

  /** Iterations per epoch: batches of the class-balanced training subset every trial trains on. */
  static int stepsPerEpoch(SweepPlan plan, ImageDataset data) {
    int images = data.train().balancedSubset(plan.config().data().trainLimit(), plan.config().seed()).size();
    return Batches.count(images, plan.config().training().batchSize());
  }

  /** The exit code the trials of this plan earn (see {@link ExitCode#ofStatuses}). */
  private static ExitCode outcome(SweepPlan plan, ResultStore store) {
    Set<String> planned = new HashSet<>();
    plan.trials().forEach(t -> planned.add(t.trialId()));
    List<TrialStatus> statuses = store.results().latest().stream()
        .filter(r -> planned.contains(r.trialId()))
        .map(r -> r.result().status())
        .toList();
    return ExitCode.ofStatuses(statuses);
  }

  /**
   * The full grid: one forest of segments from epoch 0 to every trial's last (one segment per
   * trial, or with prefix sharing a tree per repeat), Spark started only when some trial needs work.
   */
  private void runGrid(SweepPlan plan, ResultStore store, PrintStream out, String dataLocation, int steps,
      boolean share) throws IOException {
    Set<String> finished = store.finishedIds(retryFailed);
    Predicate<PlannedTrial> needed = t -> !finished.contains(t.trialId());
    long todo = plan.trials().stream().filter(needed).count();
    out.printf(
        "lrsweep: %d trials in %s (%d already done in %s), %d to run; data %s%n",
        plan.trials().size(),
        plan.config().source(),
        plan.trials().size() - todo,
        plan.config().out(),
        todo,
        dataLocation);
    List<Node> forest = PrefixForest.build(plan.trials(), 0, t -> t.spec().epochs(), steps, share, needed);
    long own = plan.trials().stream().filter(needed).mapToLong(t -> t.spec().epochs()).sum();
    long shared = PrefixForest.epochs(forest);
    if (share && todo > 0) {
      out.printf(Locale.ROOT, "prefix sharing: %d epochs to train instead of %d (saves %s), %d segments%n",
          shared, own, percent(own - shared, own), PrefixForest.flatten(forest).size());
    }
    if (todo == 0) {
      return;
    }
    Map<String, String> labels = labels(plan);
    LiveReport live = liveReport(plan, store, labels);
    SparkRun spark = new SparkRun(plan, out);
    try {
      ForestRun.Summary summary = new ForestRun(forest, new ForkStore(store.outputDir()), needed, share)
          .run(spark.runner()::run, root -> new byte[0], t -> labels.get(t.trialId()),
              (t, result, checkpoint, inherited) -> {
                append(store, t, result.result(), inherited);
                live.finished(t.trialId());
              },
              e -> live.epoch(e.trialId(), e.epoch()));
      if (share) {
        out.printf(Locale.ROOT, "prefix sharing: trained %d epochs%s for %d trial-epochs (saved %s);"
                + " %d fork checkpoints (%.1f MB) through the driver%n",
            summary.epochsTrained(), summary.epochsLoaded() > 0
                ? " (and resumed " + summary.epochsLoaded() + " from fork checkpoints of an earlier run)" : "",
            summary.epochsUnshared(), percent(summary.epochsUnshared() - summary.epochsTrained()
                - summary.epochsLoaded(), summary.epochsUnshared()), summary.checkpoints(),
            summary.checkpointBytes() / 1e6);
      }
    } finally {
      spark.stop();
    }
  }

  private static String percent(long part, long whole) {
    return whole == 0 ? "0%" : String.format(Locale.ROOT, "%d, %.0f%%", part, 100.0 * part / whole);
  }

  /** Progress labels by trial id: the schedule's, and the repeat when there are several. */
  private static Map<String, String> labels(SweepPlan plan) {
    boolean repeats = plan.config().repeats() > 1;
    Map<String, String> labels = new HashMap<>();
    plan.trials().forEach(t -> labels.put(t.trialId(), repeats ? t.label() + " seed#" + t.repeat() : t.label()));
    return labels;
  }

  /** Spark, started on first use. */
  private final class SparkRun {
    private final SweepPlan plan;
    private final PrintStream out;
    private JavaSparkContext spark;
    private SparkTrialRunner runner;

    SparkRun(SweepPlan plan, PrintStream out) {
      this.plan = plan;
      this.out = out;
    }

    SparkTrialRunner runner() {
      if (runner == null) {
        spark = SparkContexts.start(SparkSettings.of(master, plan.config().threads())); // refuses threads > cores
        runner = new SparkTrialRunner(spark, new SparkTrialRunner.Options(
            shipData ? DataShipping.ADD_FILE : DataShipping.SHARED_PATH, Duration.ofSeconds(statusEvery), out));
      }
      return runner;
    }

    void stop() {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /**
   * Successive halving: one forest per rung, Spark started only when some rung has work left
   * (a rerun of a finished sweep just rebuilds the reports).
   */
  private void runHalving(SweepPlan plan, ResultStore store, PrintStream out, String dataLocation, int steps,
      boolean share) throws IOException {
    HalvingConfig halving = plan.config().halving().orElseThrow();
    out.printf(
        "lrsweep: %d trials in %s, successive halving over rungs %s (epochs), keeping the best 1/%d at each;"
            + " out %s; data %s%n",
        plan.trials().size(), plan.config().source(), halving.rungs(), halving.reductionFactor(),
        plan.config().out(), dataLocation);
    long start = System.nanoTime();
    Map<String, String> labels = labels(plan);
    LiveReport live = liveReport(plan, store, labels);
    SparkRun spark = new SparkRun(plan, out);
    try {
      HalvingSweep sweep = new HalvingSweep(plan.trials(), halving, store, out, retryFailed,
          t -> labels.get(t.trialId()), steps, share);
      List<HalvingSweep.RungSummary> rungs = sweep.run(
          (first, planned, nodeLabels, sink, epochs) -> spark.runner().run(first, planned, nodeLabels, r -> {
            List<SegmentRequest> next = sink.accept(r);
            live.finished(r.result().trialId());
            return next;
          }, epochs),
          e -> live.epoch(e.trialId(), e.epoch()));
      out.println();
      out.print(HalvingReport.rungTable(rungs, (System.nanoTime() - start) / 1e9));
    } finally {
      spark.stop();
    }
  }

  /** The report rewritten after every finished trial while the sweep runs. */
  private static LiveReport liveReport(SweepPlan plan, ResultStore store, Map<String, String> labels) {
    Map<String, Integer> epochs = new HashMap<>();
    plan.trials().forEach(t -> epochs.put(t.trialId(), t.spec().epochs()));
    return new LiveReport(store::results, store.outputDir(), id -> labels.getOrDefault(id, id),
        id -> epochs.getOrDefault(id, 0));
  }

  private static void append(ResultStore store, PlannedTrial trial, TrialResult result, int inherited) {
    try {
      store.append(TrialRecord.of(trial, result, Optional.empty(), inherited));
    } catch (IOException e) {
      // The sink runs inside the runner's loop: an exception here cancels the job, which is
      // right, because a sweep that cannot record its results must not keep training.
      throw new UncheckedIOException("cannot append to results.jsonl", e);
    }
  }
}
