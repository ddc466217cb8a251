package dev.lrsweep.cli;

import dev.lrsweep.config.DataLocation;
import dev.lrsweep.config.Environment;
import dev.lrsweep.config.SweepConfig;
import dev.lrsweep.config.SweepConfigException;
import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.grid.SweepPlan;
import dev.lrsweep.grid.SweepPlanner;
import dev.lrsweep.report.TextTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sweep plan}: validates a sweep configuration and prints the trials it would run (id,
 * family, label, seed) without starting Spark. A missing dataset is a warning here (the plan is
 * still useful); {@code run} treats it as fatal. Exit codes: 0 planned, 2 invalid configuration.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Validate a sweep configuration and print its trials, without starting Spark.")
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Sweep configuration (HOCON).")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a config value (HOCON), e.g. --set training.epochs=3. Repeatable; later wins.")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() throws SweepConfigException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SweepPlan plan = SweepPlanner.load(config, overrides, Environment.system()); // mapped to exit 2
    print(plan, out, err);
    return ExitCode.OK.code();
  }

  /** Writes the plan summary and trial table to {@code out}, a data warning to {@code err}. */
  static void print(SweepPlan plan, PrintWriter out, PrintWriter err) {
    SweepConfig c = plan.config();
    out.printf("Sweep %s: %d grid points x %d repeat%s = %d trials; %s on %s, %d epochs, batch %d, %s%n",
        c.source(), plan.gridPoints(), c.repeats(), c.repeats() == 1 ? "" : "s", plan.trials().size(),
        c.training().model(), c.data().dataset(), c.training().epochs(), c.training().batchSize(),
        c.training().optimizer().label());
    out.printf("Images: train %s, test %s; seed %d (%s seeding); %d threads per trial; output %s%n",
        c.data().trainLimit() == 0 ? "all" : c.data().trainLimit(),
        c.data().testLimit() == 0 ? "all" : c.data().testLimit(), c.seed(), c.seeding().key(), c.threads(), c.out());
    DataLocation data = plan.data();
    if (data.found()) {
      out.printf("Data: %s (from %s)%n", data.location(), data.source());
    } else {
      err.println("WARNING: " + data.problem().replace("\n", "\n  ") + "\n  (sweep run will stop here.)");
      err.flush();
    }
    out.println();
    TextTable table = new TextTable(List.of("#", "trial_id", "family", "label", "seed"), true, false, false, false, true);
    int n = 0;
    for (PlannedTrial t : plan.trials()) {
      table.add(List.of(Integer.toString(++n), t.trialId(), t.family(), t.label(), Long.toString(t.seed())));
    }
    out.print(table.render());
    out.flush();
  }
}
