package dev.lrsweep.cli;

import dev.lrsweep.config.DataCheck;
import dev.lrsweep.config.Environment;
import dev.lrsweep.config.HalvingConfig;
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
import java.util.Optional;
import java.util.Set;
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
        "Ship the dataset file to executors with SparkContext.addFile instead of reading it",
        "from a path every node sees (use on clusters without a shared file system)."
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
    DataCheck.verify(plan.config().data().dataset(), dataLocation); // before Spark: a bad dataset is one message, not n failed trials

    try (ResultStore store = ResultStore.open(plan.config().out(), SweepManifest.of(plan))) {
      if (plan.config().halving().isPresent()) {
        runHalving(plan, store, out, dataLocation);
      } else {
        runGrid(plan, store, out, dataLocation);
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

  private void runGrid(SweepPlan plan, ResultStore store, PrintStream out, String dataLocation) {
    Set<String> finished = store.finishedIds(retryFailed);
    List<PlannedTrial> todo = plan.trials().stream().filter(t -> !finished.contains(t.trialId())).toList();
    out.printf(
        "lrsweep: %d trials in %s (%d already done in %s), %d to run; data %s%n",
        plan.trials().size(),
        plan.config().source(),
        plan.trials().size() - todo.size(),
        plan.config().out(),
        todo.size(),
        dataLocation);
    if (!todo.isEmpty()) {
      runOnSpark(plan, todo, store, out);
    }
  }

  /**
   * Successive halving: one Spark job per rung, Spark started only when some rung has work left
   * (a rerun of a finished sweep just rebuilds the reports).
   */
  private void runHalving(SweepPlan plan, ResultStore store, PrintStream out, String dataLocation) throws IOException {
    HalvingConfig halving = plan.config().halving().orElseThrow();
    out.printf(
        "lrsweep: %d trials in %s, successive halving over rungs %s (epochs), keeping the best 1/%d at each;"
            + " out %s; data %s%n",
        plan.trials().size(), plan.config().source(), halving.rungs(), halving.reductionFactor(),
        plan.config().out(), dataLocation);
    boolean repeats = plan.config().repeats() > 1;
    JavaSparkContext[] spark = {null};
    SparkTrialRunner[] runner = {null};
    long start = System.nanoTime();
    Map<String, String> labelById = new HashMap<>();
    plan.trials().forEach(t -> labelById.put(t.trialId(), repeats ? t.label() + " seed#" + t.repeat() : t.label()));
    LiveReport live = liveReport(plan, store, labelById);
    try {
      HalvingSweep sweep = new HalvingSweep(plan.trials(), halving, store, out, retryFailed,
          t -> repeats ? t.label() + " seed#" + t.repeat() : t.label());
      List<HalvingSweep.RungSummary> rungs = sweep.run((requests, labels, sink) -> {
        if (requests.isEmpty()) {
          return List.of();
        }
        if (runner[0] == null) {
          spark[0] = SparkContexts.start(SparkSettings.of(master, plan.config().threads()));
          runner[0] = new SparkTrialRunner(spark[0], new SparkTrialRunner.Options(
              shipData ? DataShipping.ADD_FILE : DataShipping.SHARED_PATH, Duration.ofSeconds(statusEvery), out));
        }
        return runner[0].runSegments(requests, labels,
            r -> {
              sink.accept(r);
              live.finished(r.result().trialId());
            },
            e -> live.epoch(e.trialId(), e.epoch()));
      });
      out.println();
      out.print(HalvingReport.rungTable(rungs, (System.nanoTime() - start) / 1e9));
    } finally {
      if (spark[0] != null) {
        spark[0].stop();
      }
    }
  }

  private void runOnSpark(SweepPlan plan, List<PlannedTrial> todo, ResultStore store, PrintStream out) {
    Map<String, PlannedTrial> byId = new HashMap<>();
    Map<String, String> labels = new HashMap<>();
    List<TrialSpec> specs = new ArrayList<>();
    boolean repeats = plan.config().repeats() > 1;
    for (PlannedTrial t : todo) {
      byId.put(t.trialId(), t);
      labels.put(t.trialId(), repeats ? t.label() + " seed#" + t.repeat() : t.label());
      specs.add(t.spec());
    }
    SparkSettings settings = SparkSettings.of(master, plan.config().threads());
    JavaSparkContext spark = SparkContexts.start(settings); // refuses threads > executor cores
    try {
      SparkTrialRunner.Options options =
          new SparkTrialRunner.Options(
              shipData ? DataShipping.ADD_FILE : DataShipping.SHARED_PATH,
              Duration.ofSeconds(statusEvery),
              out);
      LiveReport live = liveReport(plan, store, labels);
      new SparkTrialRunner(spark, options).run(specs, labels::get,
          (TrialResult result) -> {
            append(store, byId.get(result.trialId()), result);
            live.finished(result.trialId());
          },
          e -> live.epoch(e.trialId(), e.epoch()));
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

    private static void append(ResultStore store, PlannedTrial trial, TrialResult result) {
    try {
      store.append(TrialRecord.of(trial, result));
    } catch (IOException e) {
      // The sink runs inside the runner's loop: an exception here cancels the job, which is
      // right, because a sweep that cannot record its results must not keep training.
      throw new UncheckedIOException("cannot append to results.jsonl", e);
    }
  }
}
