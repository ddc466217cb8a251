package dev.lrsweep.grid;

import dev.lrsweep.config.ConfigError;
import dev.lrsweep.config.DataLocation;
import dev.lrsweep.config.DataLocator;
import dev.lrsweep.config.Environment;
import dev.lrsweep.config.GridEntry;
import dev.lrsweep.config.GridPoint;
import dev.lrsweep.config.SweepConfig;
import dev.lrsweep.config.SweepConfigException;
import dev.lrsweep.config.SweepConfigLoader;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import dev.lrsweep.trial.DataSpec;
import dev.lrsweep.trial.TrialSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Expands a sweep configuration into its trials. The grid is the union of its entries; each
 * entry's points (already validated schedules) are taken {@code repeats} times. A plan is refused
 * when the grid is empty, when two points give the same schedule (same family and full
 * parameters), or when it has more than {@code max_trials} trials; each error names the entries.
 */
public final class SweepPlanner {
  private SweepPlanner() {}

  /**
   * Loads {@code file} with {@code overrides}, locates the data in {@code env} and plans, reporting
   * the config's errors and the plan's together.
   *
   * @throws SweepConfigException with every problem found
   */
  public static SweepPlan load(Path file, List<String> overrides, Environment env) throws SweepConfigException {
    SweepConfigLoader.Result read = SweepConfigLoader.read(file, overrides);
    DataLocation data = DataLocator.locate(read.config().data(), env);
    List<ConfigError> errors = new ArrayList<>(read.errors());
    List<PlannedTrial> trials = expand(read.config(), data, errors);
    if (!errors.isEmpty()) {
      throw new SweepConfigException(errors);
    }
    return new SweepPlan(read.config(), data, trials);
  }

  /**
   * Plans a validated config.
   *
   * @throws SweepConfigException for an empty grid, duplicate schedules or too many trials
   */
  public static SweepPlan plan(SweepConfig config, DataLocation data) throws SweepConfigException {
    List<ConfigError> errors = new ArrayList<>();
    List<PlannedTrial> trials = expand(config, data, errors);
    if (!errors.isEmpty()) {
      throw new SweepConfigException(errors);
    }
    return new SweepPlan(config, data, trials);
  }

  private static List<PlannedTrial> expand(SweepConfig config, DataLocation data, List<ConfigError> errors) {
    boolean earlierErrors = !errors.isEmpty();
    long points = config.grid().stream().mapToLong(e -> e.points().size()).sum();
    if (config.grid().isEmpty() || (points == 0 && !earlierErrors)) {
      errors.add(new ConfigError(config.source(), "grid", config.grid().isEmpty() ? "[]" : "",
          "must have at least one entry such as { family = constant, lr = 0.01 }"));
      return List.of();
    }
    long trials = points * config.repeats();
    if (trials > config.maxTrials()) {
      String perEntry = config.grid().stream()
          .map(e -> "grid[" + e.index() + "] " + e.family() + " (" + e.location() + "): " + e.points().size())
          .collect(Collectors.joining(", "));
      errors.add(new ConfigError(config.source(), "grid", "",
          "gives " + trials + " trials (" + points + " points x " + config.repeats() + " repeats; points per entry: "
              + perEntry + "), more than max_trials = " + config.maxTrials()
              + "; shrink the grid or raise max_trials"));
      return List.of();
    }

    DataSpec dataSpec = new DataSpec(config.data().dataset(), data.location(), config.data().trainLimit(),
        config.data().testLimit(), config.seed());
    Map<String, String> firstSeen = new HashMap<>();
    List<PlannedTrial> planned = new ArrayList<>();
    for (GridEntry entry : config.grid()) {
      for (int p = 0; p < entry.points().size(); p++) {
        GridPoint point = entry.points().get(p);
        Schedule schedule = point.schedule();
        String key = TrialIds.gridPoint(schedule.family(), schedule.params());
        String where = "grid[" + entry.index() + "]" + (entry.points().size() > 1 ? " point " + (p + 1) : "")
            + " (" + entry.location() + ")";
        String label = ScheduleRegistry.label(schedule);
        String previous = firstSeen.putIfAbsent(key, where);
        if (previous != null) {
          errors.add(new ConfigError(entry.location(), "grid[" + entry.index() + "]", label,
              "gives the same schedule as " + previous + ": " + key + "; remove one of them"));
          continue;
        }
        for (int r = 0; r < config.repeats(); r++) {
          String id = TrialIds.trialId(key, r);
          TrialSpec spec = new TrialSpec(id, config.training().model(), schedule, config.training().epochs(),
              config.training().batchSize(), config.training().optimizer(), dataSpec,
              TrialIds.seed(config.seeding(), config.seed(), id, r), config.threads());
          planned.add(new PlannedTrial(spec, schedule.family(), label, key, r, schedule.params(), entry.location()));
        }
      }
    }
    planned.sort(Comparator.comparing(PlannedTrial::gridPoint).thenComparingInt(PlannedTrial::repeat));
    return planned;
  }
}
