package dev.lrsweep.cli;

import dev.lrsweep.report.ScheduleChart;
import dev.lrsweep.schedule.InvalidScheduleException;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sweep schedule}: prints a schedule's learning rate per epoch (or per iteration) as CSV
 * and optionally draws it, so a user can look at a schedule before training with it.
 *
 * <p>Rates are written with {@link Double#toString(double)}, the shortest decimal that reads
 * back as the same double (0.01, 3.90625E-5), so the CSV round-trips exactly.
 */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print a learning-rate schedule as CSV (epoch,lr or iteration,lr) and optionally chart it.",
      "%nExample:%n  sweep schedule --family step --param lr0=0.01 --param factor=0.5"
          + " --param drop_every=5 --epochs 40 --chart step.png%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the CSV (and chart) were written", "1:the chart could not be written",
        "2:bad input: unknown family, bad or missing parameter, malformed option"})
public final class ScheduleCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleCommand.class);

  /** 50,000 CIFAR-10 training images in batches of 64, rounded up: the seed protocol. */
  static final int SEED_STEPS_PER_EPOCH = 782;

  /** Beyond this many CSV rows a typo in --epochs is more likely than a wish. */
  static final long MAX_ROWS = 10_000_000L;

  static final int CHART_WIDTH = 900;
  static final int CHART_HEIGHT = 540;

  @Spec CommandSpec spec;

  @Option(
      names = "--family",
      required = true,
      paramLabel = "F",
      completionCandidates = Families.class,
      description = "Schedule family: ${COMPLETION-CANDIDATES}.")
  String family;

  @Option(
      names = "--param",
      paramLabel = "K=V",
      description =
          "A schedule parameter by its snake_case name, repeatable: --param lr0=0.01. Lists are"
              + " comma-separated: --param boundaries=3,5. Left out: the family's default.")
  List<String> params = new ArrayList<>();

  @Option(names = "--epochs", required = true, paramLabel = "N", description = "Epochs to show.")
  int epochs;

  @Option(
      names = "--steps-per-epoch",
      paramLabel = "M",
      defaultValue = "" + SEED_STEPS_PER_EPOCH,
      description =
          "Iterations per epoch (default: ${DEFAULT-VALUE}, the seed protocol's 50,000 CIFAR-10"
              + " training images in batches of 64, rounded up).")
  int stepsPerEpoch;

  @Option(
      names = "--per-iteration",
      description =
          "One row per iteration (iteration,lr) instead of the rate at each epoch's start.")
  boolean perIteration;

  @Option(names = "--chart", paramLabel = "FILE.png", description = "Also draw the curve to a PNG.")
  Path chart;

  @Option(names = "--log-scale", description = "Logarithmic y axis on the chart.")
  boolean logScale;

  @Override
  public Integer call() {
    Schedule schedule = schedule();
    if (epochs < 1) {
      throw usage("--epochs must be >= 1, found " + epochs);
    }
    if (stepsPerEpoch < 1) {
      throw usage("--steps-per-epoch must be >= 1, found " + stepsPerEpoch);
    }
    if (logScale && chart == null) {
      throw usage("--log-scale applies to the chart; add --chart FILE.png");
    }
    long rows = perIteration ? (long) epochs * stepsPerEpoch : epochs;
    if (rows > MAX_ROWS) {
      throw usage("that is " + rows + " rows; at most " + MAX_ROWS + " (check --epochs)");
    }

    // Only the chart needs the points kept; the CSV streams.
    int kept = chart == null ? 0 : (int) rows;
    double[] x = new double[kept];
    double[] y = new double[kept];
    PrintWriter out = spec.commandLine().getOut();
    out.println(perIteration ? "iteration,lr" : "epoch,lr");
    for (int row = 0; row < rows; row++) {
      // Epoch mode shows the rate in effect at the first iteration of each epoch.
      long iteration = perIteration ? row : (long) row * stepsPerEpoch;
      long epoch = iteration / stepsPerEpoch;
      double lr = schedule.lr(iteration, epoch);
      out.println(row + "," + lr);
      if (kept > 0) {
        x[row] = row;
        y[row] = lr;
      }
    }
    out.flush();

    if (chart != null) {
      ScheduleChart.Style style =
          new ScheduleChart.Style(
              schedule.label(),
              perIteration ? "iteration" : "epoch",
              "learning rate",
              logScale,
              CHART_WIDTH,
              CHART_HEIGHT);
      try {
        ScheduleChart.writePng(
            style, List.of(new ScheduleChart.Series(schedule.label(), x, y)), chart);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      } catch (IOException e) {
        spec.commandLine().getErr().println("sweep schedule: cannot write the chart to "
            + chart + ": " + e);
        return 1;
      }
      LOG.info("Wrote the chart of {} to {}", schedule.label(), chart.toAbsolutePath());
    }
    return 0;
  }

  private Schedule schedule() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String p : params) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw usage("--param expects key=value, e.g. --param lr0=0.01, found '" + p + "'");
      }
      String key = p.substring(0, eq).trim();
      if (values.put(key, p.substring(eq + 1)) != null) {
        throw usage("--param " + key + " is given twice");
      }
    }
    try {
      return ScheduleRegistry.create(family, values);
    } catch (InvalidScheduleException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The family names for --family's help and shell completion. */
  static final class Families implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return ScheduleRegistry.families().iterator();
    }
  }
}
