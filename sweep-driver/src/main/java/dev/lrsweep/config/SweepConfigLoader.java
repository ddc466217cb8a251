package dev.lrsweep.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.lrsweep.data.Dataset;
import dev.lrsweep.data.DatasetRegistry;
import dev.lrsweep.model.ModelRegistry;
import dev.lrsweep.optim.InvalidOptimizerException;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.optim.OptimizerRegistry;
import dev.lrsweep.schedule.InvalidScheduleException;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a sweep configuration: {@code reference.conf} defaults (the {@code lrsweep} object), the
 * user's file, then {@code --set key=value} overrides, later ones winning. Keys in the user's file
 * and in overrides are relative to the sweep root, e.g. {@code training.epochs}.
 *
 * <p>Validation runs to the end and collects every problem: unknown keys (with the valid ones
 * and a near match), wrong types, values outside their rule, and every grid point the schedule
 * registry rejects. Where a value is invalid its default stands in so the rest can still be
 * checked; the result is thrown as one {@link SweepConfigException}.
 */
public final class SweepConfigLoader {
  /** The object in {@code reference.conf} that holds our defaults, apart from other libraries'. */
  public static final String REFERENCE_ROOT = "lrsweep";

  /**
   * Grid parameters whose single value is itself a list (piecewise {@code boundaries} and
   * {@code values}). For these a flat list of numbers is ONE value and a list of lists is several;
   * for every other parameter a list is several values. {@code SweepConfigLoaderScheduleTest}
   * checks this set against the families the registry builds.
   */
  public static final Set<String> LIST_PARAMETERS = Set.of("boundaries", "values");

  private static final String FAMILY = "family";

  private SweepConfigLoader() {}

  /** What {@link #read} found: a config with defaults in place of invalid values, and every error. */
  public record Result(SweepConfig config, List<ConfigError> errors) {
    public Result {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Reads and validates {@code file} with {@code overrides} ({@code key=value}, HOCON values).
   *
   * @throws SweepConfigException with every problem found
   */
  public static SweepConfig load(Path file, List<String> overrides) throws SweepConfigException {
    Result result = read(file, overrides);
    if (!result.errors().isEmpty()) {
      throw new SweepConfigException(result.errors());
    }
    return result.config();
  }

  /**
   * Reads and validates like {@link #load} but returns the errors instead of throwing, so callers
   * that check more (the grid planner) can report everything together.
   *
   * @throws SweepConfigException only when nothing can be read at all: the file is missing or not
   *     HOCON, an override is malformed, or a substitution cannot be resolved
   */
  public static Result read(Path file, List<String> overrides) throws SweepConfigException {
    Config defaults = defaults();
    List<ConfigError> fatal = new ArrayList<>();
    Config user = ConfigFactory.empty();
    if (!Files.isRegularFile(file)) {
      fatal.add(new ConfigError(file.toString(), "(file)", "", "config file not found or not a regular file"));
    } else {
      try {
        user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        fatal.add(parseError(e, file.toString()));
      }
    }
    Config merged = user;
    for (String override : overrides) {
      try {
        merged = parseOverride(override).withFallback(merged);
      } catch (OverrideException e) {
        fatal.add(e.error);
      }
    }
    if (!fatal.isEmpty()) {
      throw new SweepConfigException(fatal);
    }
    try {
      merged = merged.withFallback(defaults).resolve();
    } catch (ConfigException e) {
      throw new SweepConfigException(List.of(parseError(e, file.toString())));
    }
    return new Reader(merged, defaults, file.toString()).read();
  }

  /**
   * An example of valid rungs for {@code epochs}: a quarter, a half and all of them, without
   * repeats or zeros, so it obeys its own rule also for short runs ([1, 3] for 3 epochs, [1] for 1).
   */
  static String rungExample(int epochs) {
    return new TreeSet<>(List.of(Math.max(1, epochs / 4), Math.max(1, epochs / 2), epochs)).toString();
  }

  /** The defaults: the {@code lrsweep} object of every {@code reference.conf} on the class path. */
  public static Config defaults() {
    return ConfigFactory.parseResources(SweepConfigLoader.class.getClassLoader(), "reference.conf")
        .resolve()
        .getConfig(REFERENCE_ROOT);
  }

  private static ConfigError parseError(ConfigException e, String fallbackLocation) {
    String location = e.origin() == null ? fallbackLocation : Origins.format(e.origin());
    String message = e.getMessage();
    // Typesafe prefixes its messages with the origin description; we print our own
    int colon = message.indexOf(": ");
    if (e.origin() != null && message.startsWith(e.origin().description()) && colon >= 0) {
      message = message.substring(e.origin().description().length()).replaceFirst("^:\\s*", "");
    }
    return new ConfigError(location, "(syntax)", "", message);
  }

  private static final class OverrideException extends Exception {
    private static final long serialVersionUID = 1L;
    final transient ConfigError error;

    OverrideException(ConfigError error) {
      super(error.toString());
      this.error = error;
    }
  }

  /**
   * {@code key=value} with the value parsed as HOCON ({@code 3}, {@code true}, {@code [0.25, 0.5]},
   * {@code {family = step}}), falling back to the raw text as a string where HOCON reads it
   * differently: {@code hdfs://host/x} does not parse and {@code /a//b} would lose its comment.
   */
  static Config parseOverride(String override) throws OverrideException {
    int eq = override.indexOf('=');
    String where = Origins.SET_PREFIX + override;
    if (eq <= 0) {
      throw new OverrideException(
          new ConfigError(where, override, "", "expected key=value, e.g. --set training.epochs=3"));
    }
    String key = override.substring(0, eq).trim();
    String raw = override.substring(eq + 1).trim();
    String origin = Origins.SET_PREFIX + key;
    try {
      ConfigUtil.splitPath(key);
    } catch (ConfigException e) {
      throw new OverrideException(
          new ConfigError(origin, key, raw, "is not a valid key path (dotted names like training.epochs)"));
    }
    try {
      Config parsed =
          ConfigFactory.parseString(key + " = " + raw, ConfigParseOptions.defaults().setOriginDescription(origin));
      if (parsed.hasPathOrNull(key)) {
        ConfigValue v = parsed.getIsNull(key) ? null : parsed.getValue(key);
        boolean lossy = v != null && v.valueType() == ConfigValueType.STRING
            && !raw.startsWith("\"") && !raw.equals(v.unwrapped());
        if (!lossy) {
          return parsed;
        }
      }
    } catch (ConfigException e) {
      // not HOCON: the raw text is the value, below
    }
    return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(raw, origin));
  }

  /** One validation pass over a merged config. */
  private static final class Reader {
    private final Config merged;
    private final Config defaults;
    private final String source;
    private final List<ConfigError> errors = new ArrayList<>();
    /** Sections that are not objects; their keys are not read again, to avoid echo errors. */
    private final Set<String> brokenSections = new HashSet<>();

    Reader(Config merged, Config defaults, String source) {
      this.merged = merged;
      this.defaults = defaults;
      this.source = source;
    }

    Result read() {
      checkKeys(merged.root(), defaults.root(), "");
      DataConfig data = readData();
      TrainingConfig training = readTraining(data);
      long seed = readLong("seed");
      int repeats = readInt("repeats", 1, 1000);
      int threads = readInt("threads", 1, 1024);
      String out = readString("out");
      int maxTrials = readInt("max_trials", 1, 1_000_000);
      List<GridEntry> grid = readGrid(maxTrials);
      Optional<HalvingConfig> halving = readScheduler(training.epochs());
      Seeding seeding = readSeeding();
      boolean sharing = readSharing(seeding);
      double alpha = readDouble("ranking.alpha", a -> a > 0 && a < 1, "must be a number in (0, 1), e.g. 0.05");
      SweepConfig config = new SweepConfig(source, data, training, seed, repeats, threads, Path.of(out), maxTrials,
          grid, halving, seeding, sharing, alpha, settings());
      return new Result(config, List.copyOf(new LinkedHashSet<>(errors)));
    }

    /** Every resolved leaf (lists whole) with a non-null value: strings as they are, the rest as JSON. */
    private SortedMap<String, String> settings() {
      SortedMap<String, String> out = new TreeMap<>();
      for (Map.Entry<String, ConfigValue> e : merged.entrySet()) {
        ConfigValue v = e.getValue();
        out.put(e.getKey(), v.valueType() == ConfigValueType.STRING
            ? (String) v.unwrapped() : v.render(ConfigRenderOptions.concise()));
      }
      return out;
    }

    // ---- unknown keys and section shapes ----

    private void checkKeys(ConfigObject given, ConfigObject reference, String prefix) {
      for (Map.Entry<String, ConfigValue> e : new TreeMap<>(given).entrySet()) {
        String key = e.getKey();
        String path = prefix + key;
        ConfigValue ref = reference.get(key);
        if (ref == null) {
          reportUnknown(e.getValue(), path, key, reference.keySet(), prefix);
        } else if (ref.valueType() == ConfigValueType.OBJECT) {
          if (e.getValue().valueType() == ConfigValueType.OBJECT) {
            checkKeys((ConfigObject) e.getValue(), (ConfigObject) ref, path + ".");
          } else {
            brokenSections.add(path);
            error(e.getValue(), path, "must be an object with keys " + String.join(", ", new TreeSet<>(((ConfigObject) ref).keySet())));
          }
        }
      }
    }

    private void reportUnknown(ConfigValue value, String path, String key, Set<String> valid, String prefix) {
      String rule = "unknown key '" + key + "'" + suggestion(key, valid) + "; valid keys"
          + (prefix.isEmpty() ? "" : " in " + prefix.substring(0, prefix.length() - 1))
          + ": " + String.join(", ", new TreeSet<>(valid));
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        // name each leaf, so the line of `traning.epochs = 3` is the one quoted
        for (Map.Entry<String, ConfigValue> e : new TreeMap<>((ConfigObject) value).entrySet()) {
          leaves(e.getValue(), path + "." + e.getKey(), rule);
        }
      } else {
        error(value, path, rule);
      }
    }

    private void leaves(ConfigValue value, String path, String rule) {
      if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
        for (Map.Entry<String, ConfigValue> e : new TreeMap<>((ConfigObject) value).entrySet()) {
          leaves(e.getValue(), path + "." + e.getKey(), rule);
        }
      } else {
        error(value, path, rule);
      }
    }

    private static String suggestion(String key, Set<String> valid) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String v : new TreeSet<>(valid)) {
        int d = editDistance(key, v);
        if (d < bestDistance) {
          bestDistance = d;
          best = v;
        }
      }
      return best != null && bestDistance <= Math.max(2, key.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    // ---- sections ----

    private DataConfig readData() {
      String dataset = readString("data.dataset");
      if (!DatasetRegistry.names().contains(dataset)) {
        error(value("data.dataset"), "data.dataset", "must be one of: " + String.join(", ", DatasetRegistry.names()));
        dataset = defaults.getString("data.dataset");
      }
      Dataset format = DatasetRegistry.get(dataset);
      Optional<String> path = Optional.empty();
      String pathOrigin = "";
      ConfigValue v = value("data.path");
      if (v != null && v.valueType() != ConfigValueType.NULL) {
        if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isBlank()) {
          error(v, "data.path", "must be a non-empty path or URI string (or null to use "
              + format.environmentVariable() + " / the project default)");
        } else {
          path = Optional.of((String) v.unwrapped());
          pathOrigin = Origins.format(v.origin());
        }
      }
      int train = readInt("data.train_limit", 0, format.maxTrain(), " (0 = all; " + dataset + " has at most "
          + format.maxTrain() + ")");
      int test = readInt("data.test_limit", 0, format.maxTest(), " (0 = all; " + dataset + " has at most "
          + format.maxTest() + ")");
      return new DataConfig(dataset, path, pathOrigin, train, test);
    }

    private TrainingConfig readTraining(DataConfig data) {
      int epochs = readInt("training.epochs", 1, 100_000);
      int batch = readInt("training.batch_size", 1, 50_000);
      int trainImages = data.trainLimit() == 0 ? data.format().maxTrain() : data.trainLimit();
      if (batch > trainImages) {
        ConfigValue v = value("training.batch_size");
        error(v, "training.batch_size", "must be at most the number of training images (" + trainImages + ", data.train_limit)");
        batch = Math.min(defaults.getInt("training.batch_size"), trainImages);
      }
      return new TrainingConfig(readModel(data), epochs, batch, readOptimizer());
    }

    /** {@code model}: a registered network that takes the dataset's images. */
    private String readModel(DataConfig data) {
      String model = readString("model");
      if (!ModelRegistry.names().contains(model)) {
        error(value("model"), "model", "must be one of: " + String.join(", ", ModelRegistry.names()));
        return defaults.getString("model");
      }
      Dataset format = data.format();
      Optional<String> problem = ModelRegistry.get(model).incompatibility(format.shape(), format.classes());
      if (problem.isPresent()) {
        String rule = "must take the images of data.dataset = " + format.name() + ": " + problem.get();
        ConfigValue v = value("model");
        if (v != null && v.origin().resource() != null) {
          // the default from reference.conf: the fix belongs in the user's file, so name that
          errors.add(new ConfigError(source, "model", render(v) + " (the default)", rule
              + "; set model to one that does (" + String.join(", ", ModelRegistry.names()) + ")"));
        } else {
          error(v, "model", rule);
        }
      }
      return model;
    }

    /**
     * {@code training.optimizer} and its parameters: each parameter key of any optimizer is null
     * (the optimizer's default) unless set, and setting one the chosen optimizer does not take is
     * an error naming the ones it does.
     */
    private Optimizer readOptimizer() {
      String name = readString("training.optimizer");
      if (!OptimizerRegistry.names().contains(name)) {
        error(value("training.optimizer"), "training.optimizer", "must be one of: " + String.join(", ", OptimizerRegistry.names()));
        name = defaults.getString("training.optimizer");
      }
      Map<String, Object> given = new TreeMap<>();
      Map<String, ConfigValue> sources = new TreeMap<>();
      for (String param : OptimizerRegistry.allParameters()) {
        ConfigValue v = value("training." + param);
        if (v != null && v.valueType() != ConfigValueType.NULL) {
          given.put(param, v.unwrapped());
          sources.put(param, v);
        }
      }
      try {
        return OptimizerRegistry.create(name, given);
      } catch (InvalidOptimizerException e) {
        ConfigValue culprit = sources.get(e.parameter());
        error(culprit != null ? culprit : value("training.optimizer"), "training." + e.parameter(), e.rule());
        return OptimizerRegistry.create(defaults.getString("training.optimizer"), Map.of());
      }
    }

    /** {@code sharing}: on, off, or null for the seeding's default (on when paired). */
    private boolean readSharing(Seeding seeding) {
      if (merged.getIsNull("sharing")) {
        return seeding == Seeding.PAIRED;
      }
      ConfigValue v = merged.getValue("sharing");
      String text = String.valueOf(v.unwrapped());
      switch (text) {
        case "on":
          if (seeding != Seeding.PAIRED) {
            error(v, "sharing", "= on needs seeding = paired: with independent seeds no two trials"
                + " start alike, so there is nothing to share (leave sharing out, or set it to off)");
            return false;
          }
          return true;
        case "off":
          return false;
        default:
          error(v, "sharing", "must be one of: on, off (or null: on with paired seeding)");
          return false;
      }
    }

    private Seeding readSeeding() {
      String text = readString("seeding");
      Optional<Seeding> seeding = Seeding.of(text);
      if (seeding.isEmpty()) {
        error(value("seeding"), "seeding", "must be one of: " + Seeding.keys());
      }
      return seeding.orElse(Seeding.of(defaults.getString("seeding")).orElseThrow());
    }

    // ---- the scheduler ----

    /** {@code scheduler} and, for halving, the {@code halving} section; empty for the full grid. */
    private Optional<HalvingConfig> readScheduler(int epochs) {
      String scheduler = readString("scheduler");
      if (!scheduler.equals("grid") && !scheduler.equals("halving")) {
        error(value("scheduler"), "scheduler", "must be one of: grid, halving");
        return Optional.empty();
      }
      if (scheduler.equals("grid")) {
        return Optional.empty();
      }
      int factor = readInt("halving.reduction_factor", 2, 1000);
      String rule = "must be a list of epoch counts, integers >= 1, strictly ascending, the last equal to"
          + " training.epochs (" + epochs + "), e.g. " + rungExample(epochs);
      ConfigValue v = value("halving.rungs");
      if (v == null || v.valueType() == ConfigValueType.NULL) {
        // the null default has no useful origin: name the sweep file, which is where it belongs
        errors.add(new ConfigError(source, "halving.rungs", "null", "must be set when scheduler = halving: " + rule));
        return Optional.empty();
      }
      if (v.valueType() != ConfigValueType.LIST || ((ConfigList) v).isEmpty()) {
        error(v, "halving.rungs", rule);
        return Optional.empty();
      }
      List<Integer> rungs = new ArrayList<>();
      for (ConfigValue element : (ConfigList) v) {
        Long n = integral(element);
        if (n == null || n < 1 || n > 100_000) {
          error(element, "halving.rungs", rule + "; " + render(element) + " is not an epoch count");
          return Optional.empty();
        }
        if (!rungs.isEmpty() && n <= rungs.get(rungs.size() - 1)) {
          error(element, "halving.rungs", rule + "; " + n + " does not exceed the rung before it ("
              + rungs.get(rungs.size() - 1) + ")");
          return Optional.empty();
        }
        rungs.add(n.intValue());
      }
      if (rungs.get(rungs.size() - 1) != epochs) {
        error(v, "halving.rungs", rule + "; the last rung is " + rungs.get(rungs.size() - 1)
            + " but training.epochs is " + epochs);
        return Optional.empty();
      }
      return Optional.of(new HalvingConfig(rungs, factor));
    }

    // ---- the grid ----

    private List<GridEntry> readGrid(int maxTrials) {
      ConfigValue v = value("grid");
      if (v == null || v.valueType() != ConfigValueType.LIST) {
        if (v != null) {
          error(v, "grid", "must be a list of objects such as { family = step, lr0 = 0.01, factor = [0.25, 0.5] }");
        }
        return List.of();
      }
      List<GridEntry> entries = new ArrayList<>();
      ConfigList list = (ConfigList) v;
      for (int i = 0; i < list.size(); i++) {
        GridEntry entry = readEntry(i, list.get(i), maxTrials);
        if (entry != null) {
          entries.add(entry);
        }
      }
      return entries;
    }

    /** A grid value with the config value it came from, for origins and rendering. */
    private record Choice(Object value, ConfigValue source) {}

    private GridEntry readEntry(int index, ConfigValue value, int maxTrials) {
      String key = "grid[" + index + "]";
      if (value.valueType() != ConfigValueType.OBJECT) {
        error(value, key, "must be an object such as { family = step, lr0 = 0.01 }");
        return null;
      }
      ConfigObject entry = (ConfigObject) value;
      String location = Origins.format(entry.origin());
      ConfigValue familyValue = entry.get(FAMILY);
      if (familyValue == null || familyValue.valueType() != ConfigValueType.STRING) {
        errors.add(new ConfigError(
            familyValue == null ? location : Origins.format(familyValue.origin()),
            key + "." + FAMILY,
            familyValue == null ? "" : render(familyValue),
            "must name a schedule family" + validFamilies()));
        return null;
      }
      String family = (String) familyValue.unwrapped();

      // parameter name -> its values, names sorted so the product order is stable
      Map<String, List<Choice>> params = new LinkedHashMap<>();
      boolean ok = true;
      for (String name : new TreeSet<>(entry.keySet())) {
        if (name.equals(FAMILY)) {
          continue;
        }
        List<Choice> choices = choices(key + "." + name, name, entry.get(name));
        if (choices == null) {
          ok = false;
        } else {
          params.put(name, choices);
        }
      }
      if (!ok) {
        return new GridEntry(index, family, location, List.of());
      }
      long size = 1;
      for (List<Choice> c : params.values()) {
        size = Math.min(Long.MAX_VALUE / 2, size * c.size());
      }
      if (size > maxTrials) {
        errors.add(new ConfigError(location, key, "", family + ": expands to " + size + " points ("
            + params.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size()).collect(Collectors.joining(" x "))
            + "), more than max_trials = " + maxTrials));
        return new GridEntry(index, family, location, List.of());
      }

      List<GridPoint> points = new ArrayList<>();
      List<String> names = new ArrayList<>(params.keySet());
      int[] at = new int[names.size()];
      for (long n = 0; n < size; n++) {
        Map<String, Choice> combination = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
          combination.put(names.get(p), params.get(names.get(p)).get(at[p]));
        }
        GridPoint point = build(key, family, location, combination);
        if (point != null) {
          points.add(point);
        }
        // odometer: the last parameter varies fastest
        for (int p = names.size() - 1; p >= 0; p--) {
          if (++at[p] < params.get(names.get(p)).size()) {
            break;
          }
          at[p] = 0;
        }
      }
      return new GridEntry(index, family, location, points);
    }

    /** The values one grid parameter takes, by the list rule in {@link #LIST_PARAMETERS}. */
    private List<Choice> choices(String key, String name, ConfigValue value) {
      switch (value.valueType()) {
        case NUMBER:
        case BOOLEAN:
        case STRING:
          return List.of(new Choice(value.unwrapped(), value));
        case LIST:
          ConfigList list = (ConfigList) value;
          if (list.isEmpty()) {
            error(value, key, "must not be an empty list; give one value or a list of values");
            return null;
          }
          boolean allLists = list.stream().allMatch(e -> e.valueType() == ConfigValueType.LIST);
          if (!allLists && LIST_PARAMETERS.contains(name)) {
            return List.of(new Choice(value.unwrapped(), value));
          }
          List<Choice> out = new ArrayList<>();
          for (ConfigValue element : list) {
            if (element.valueType() == ConfigValueType.OBJECT || element.valueType() == ConfigValueType.NULL) {
              error(element, key, "list elements must be numbers, booleans, strings or lists");
              return null;
            }
            out.add(new Choice(element.unwrapped(), element));
          }
          return out;
        default:
          error(value, key, "must be a number, boolean, string, or a list of them to sweep");
          return null;
      }
    }

    private GridPoint build(String key, String family, String location, Map<String, Choice> combination) {
      Map<String, Object> given = new TreeMap<>();
      combination.forEach((k, c) -> given.put(k, c.value()));
      try {
        Schedule schedule = ScheduleRegistry.create(family, given);
        return new GridPoint(schedule, location);
      } catch (InvalidScheduleException e) {
        Choice culprit = combination.get(e.parameter());
        String rule = e.family() + ": " + e.parameter() + " " + e.rule();
        if (culprit != null) {
          error(culprit.source(), key + "." + e.parameter(), rule);
        } else if (FAMILY.equals(e.parameter())) {
          errors.add(new ConfigError(location, key + "." + FAMILY, quote(family), rule));
        } else {
          errors.add(new ConfigError(location, key + "." + e.parameter(), "", rule));
        }
      } catch (RuntimeException e) {
        errors.add(new ConfigError(location, key, "", "cannot build a " + family + " schedule from " + given + ": " + e));
      }
      return null;
    }

    private String validFamilies() {
      try {
        return "; valid families: " + String.join(", ", ScheduleRegistry.families());
      } catch (RuntimeException e) {
        return "";
      }
    }

    // ---- scalar readers: report, then fall back to the default so checking goes on ----

    private ConfigValue value(String path) {
      for (String section : brokenSections) {
        if (path.startsWith(section + ".")) {
          return null;
        }
      }
      try {
        if (!merged.hasPathOrNull(path)) {
          return null;
        }
        return merged.getIsNull(path) ? ConfigValueFactory.fromAnyRef(null, "null") : merged.getValue(path);
      } catch (ConfigException e) {
        return null;
      }
    }

    private ConfigValue required(String path) {
      ConfigValue v = value(path);
      if (v == null || v.valueType() == ConfigValueType.NULL) {
        if (brokenSections.stream().noneMatch(s -> path.startsWith(s + "."))) {
          errors.add(new ConfigError(v == null ? source : Origins.format(v.origin()), path, v == null ? "" : "null", "must be set"));
        }
        return null;
      }
      return v;
    }

    private int readInt(String path, int min, int max) {
      return readInt(path, min, max, "");
    }

    private int readInt(String path, int min, int max, String note) {
      ConfigValue v = required(path);
      if (v != null) {
        Long n = integral(v);
        if (n != null && n >= min && n <= max) {
          return n.intValue();
        }
        error(v, path, "must be an integer in [" + min + ", " + max + "]" + note);
      }
      return defaults.getInt(path);
    }

    private double readDouble(String path, java.util.function.DoublePredicate rule, String ruleText) {
      ConfigValue v = required(path);
      if (v != null) {
        if (v.valueType() == ConfigValueType.NUMBER && rule.test(((Number) v.unwrapped()).doubleValue())) {
          return ((Number) v.unwrapped()).doubleValue();
        }
        error(v, path, ruleText);
      }
      return defaults.getDouble(path);
    }

    private long readLong(String path) {
      ConfigValue v = required(path);
      if (v != null) {
        Long n = integral(v);
        if (n != null) {
          return n;
        }
        error(v, path, "must be an integer (64-bit)");
      }
      return defaults.getLong(path);
    }

    private static Long integral(ConfigValue v) {
      if (v.valueType() != ConfigValueType.NUMBER) {
        return null;
      }
      Number n = (Number) v.unwrapped();
      if (n instanceof Integer || n instanceof Long) {
        return n.longValue();
      }
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (long) d : null;
    }

    private String readString(String path) {
      ConfigValue v = required(path);
      if (v != null) {
        if (v.valueType() == ConfigValueType.STRING && !((String) v.unwrapped()).isBlank()) {
          return (String) v.unwrapped();
        }
        error(v, path, "must be a non-empty string");
      }
      return defaults.getString(path);
    }

    private void error(ConfigValue v, String key, String rule) {
      errors.add(new ConfigError(v == null ? source : Origins.format(v.origin()), key, v == null ? "" : render(v), rule));
    }
  }

  /** Levenshtein distance, for "did you mean" on unknown keys. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static String render(ConfigValue v) {
    return v.render(ConfigRenderOptions.concise());
  }

  private static String quote(String s) {
    return ConfigUtil.quoteString(s);
  }
}
