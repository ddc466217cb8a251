package dev.lrsweep.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.config.ConfigError;
import dev.lrsweep.config.Environment;
import dev.lrsweep.config.SweepConfigException;
import dev.lrsweep.config.SweepConfigLoader;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlannerTest {
  @TempDir Path dir;

  /** The brief's example: 2 x 2 step points, 2 cosine points, 1 time_decay point. */
  static final String STEP = "  { family = step, lr0 = 0.01, factor = [0.25, 0.5], drop_every = [5, 10] }\n";
  static final String COSINE = "  { family = cosine, lr0 = 0.01, decay_steps = 40, alpha = [0.0, 0.1] }\n";
  static final String TIME = "  { family = time_decay, lr0 = 0.01, decay = 0.00025 }\n";

  private Environment env() {
    return new Environment(Map.of(), dir, dir);
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private SweepPlan plan(String text, String... overrides) throws Exception {
    return SweepPlanner.load(write("s.conf", text), List.of(overrides), env());
  }

  private static Map<String, Long> idsAndSeeds(SweepPlan p) {
    Map<String, Long> out = new TreeMap<>();
    p.trials().forEach(t -> out.put(t.trialId(), t.seed()));
    return out;
  }

  @Test
  void exampleGridIsTheUnionOfEachEntrysProduct() throws Exception {
    SweepPlan p = plan("grid = [\n" + STEP + COSINE + TIME + "]\n");
    assertEquals(4 + 2 + 1, p.trials().size());
    assertEquals(7, p.gridPoints());
    SweepPlan twice = plan("repeats = 2\ngrid = [\n" + STEP + COSINE + TIME + "]\n");
    assertEquals(2 * 7, twice.trials().size());
    assertEquals(7, twice.gridPoints());
    Map<String, Long> perFamily = p.trials().stream()
        .collect(Collectors.groupingBy(PlannedTrial::family, TreeMap::new, Collectors.counting()));
    assertEquals(Map.of("cosine", 2L, "step", 4L, "time_decay", 1L), perFamily);
  }

  @Test
  void idsAreReadableSafeSortedAndNameEveryParameter() throws Exception {
    SweepPlan p = plan("repeats = 2\ngrid = [\n" + STEP + COSINE + TIME + "]\n");
    // sorted parameter names, defaults included (offset 1, unit epoch), numbers without exponent
    assertTrue(p.trial("step-drop_every5-factor0.5-lr00.01-offset1-unitepoch-r0").isPresent(),
        p.trials().stream().map(PlannedTrial::trialId).collect(Collectors.toList()).toString());
    PlannedTrial time = p.trial("time_decay-decay0.00025-lr00.01-unititeration-r1").orElseThrow();
    assertEquals("time_decay-decay0.00025-lr00.01-unititeration", time.gridPoint());
    assertEquals(1, time.repeat());
    assertEquals("time_decay(decay=0.00025,lr0=0.01)", time.label());
    for (PlannedTrial t : p.trials()) {
      assertTrue(t.trialId().matches("[A-Za-z0-9._-]+"), t.trialId());
      assertEquals(t.gridPoint() + "-r" + t.repeat(), t.trialId());
    }
    List<String> order = p.trials().stream().map(t -> t.gridPoint() + "#" + t.repeat()).collect(Collectors.toList());
    List<String> sorted = new ArrayList<>(order);
    sorted.sort(null);
    assertEquals(sorted, order, "trials are in grid point, then repeat order");
  }

  @Test
  void independentSeedsAreSha256OfSweepSeedAndIdAndSurviveReordering() throws Exception {
    String independent = "seeding = independent\nseed = 42\n";
    SweepPlan a = plan(independent + "grid = [\n" + STEP + COSINE + TIME + "]\n");
    SweepPlan b = plan(independent + "grid = [\n" + TIME + COSINE + STEP + "]\n");
    SweepPlan c = plan(independent + "grid = [\n" + STEP + COSINE + TIME + "]\n");
    assertEquals(idsAndSeeds(a), idsAndSeeds(b), "reordering entries changes no id or seed");
    assertEquals(idsAndSeeds(a), idsAndSeeds(c), "same config, same ids and seeds");

    // the reference formula written out: first 8 bytes of SHA-256("42/<id>"), big-endian, sign bit cleared
    PlannedTrial t = a.trials().get(0);
    assertEquals(sha256Long("42/" + t.trialId()), t.seed());

    Set<Long> seeds = new HashSet<>(idsAndSeeds(a).values());
    assertEquals(7, seeds.size(), "every trial its own seed");
    SweepPlan other = plan("seeding = independent\nseed = 43\ngrid = [\n" + STEP + COSINE + TIME + "]\n");
    assertEquals(idsAndSeeds(a).keySet(), idsAndSeeds(other).keySet());
    assertNotEquals(idsAndSeeds(a), idsAndSeeds(other), "another sweep seed, other trial seeds");
  }

  @Test
  void pairedSeedingIsTheDefaultAndGivesRepeatROfEveryPointOneSeed() throws Exception {
    SweepPlan p = plan("seed = 42\nrepeats = 3\ngrid = [\n" + STEP + COSINE + TIME + "]\n");
    assertEquals(dev.lrsweep.config.Seeding.PAIRED, p.config().seeding());
    Map<Integer, Set<Long>> seedsByRepeat = new TreeMap<>();
    for (PlannedTrial t : p.trials()) {
      seedsByRepeat.computeIfAbsent(t.repeat(), r -> new HashSet<>()).add(t.seed());
      // the reference formula: first 8 bytes of SHA-256("42/repeat-<r>"), sign bit cleared
      assertEquals(sha256Long("42/repeat-" + t.repeat()), t.seed(), t.trialId());
    }
    assertEquals(3, seedsByRepeat.size());
    seedsByRepeat.values().forEach(s -> assertEquals(1, s.size(), "one seed per repeat: " + seedsByRepeat));
    assertEquals(3, seedsByRepeat.values().stream().flatMap(Set::stream).distinct().count(), "repeats differ");
    SweepPlan reordered = plan("seed = 42\nrepeats = 3\ngrid = [\n" + TIME + STEP + COSINE + "]\n");
    assertEquals(idsAndSeeds(p), idsAndSeeds(reordered), "reordering entries changes no id or seed");
  }

  @Test
  void seedingAndAlphaAreValidatedWithFileAndLine() throws Exception {
    SweepConfigException e = assertThrows(SweepConfigException.class,
        () -> plan("seed = 1\nseeding = pairs\nranking.alpha = 1.5\ngrid = [\n" + TIME + "]\n"));
    String m = e.getMessage();
    assertTrue(m.contains("s.conf:2: seeding = \"pairs\": must be one of: paired, independent"), m);
    assertTrue(m.contains("s.conf:3: ranking.alpha = 1.5: must be a number in (0, 1)"), m);
  }

  private static long sha256Long(String s) throws Exception {
    byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    return java.nio.ByteBuffer.wrap(h, 0, 8).getLong() & Long.MAX_VALUE;
  }

  @Test
  void trialSpecsCarryTheTrainingSettingsAndOneDataSubsetPerSweep() throws Exception {
    SweepPlan p = plan("seed = 9\nthreads = 3\ntraining { epochs = 3, batch_size = 32, momentum = 0.5, nesterov = false }\n"
        + "data { path = \"hdfs://nn/cifar.tar.gz\", train_limit = 2000, test_limit = 500 }\ngrid = [\n" + STEP + "]\n");
    for (PlannedTrial t : p.trials()) {
      assertEquals(3, t.spec().epochs());
      assertEquals(32, t.spec().batchSize());
      assertEquals(3, t.spec().threads());
      assertEquals(new dev.lrsweep.optim.Sgd(0.5, false), t.spec().optimizer());
      assertEquals("hdfs://nn/cifar.tar.gz", t.spec().data().location());
      assertEquals(2000, t.spec().data().trainLimit());
      assertEquals(500, t.spec().data().testLimit());
      assertEquals(9, t.spec().data().subsetSeed(), "every trial sees the same images");
      assertEquals(t.spec().schedule().params(), t.params());
    }
  }

  @Test
  void listParametersTakeAFlatListAsOneValueAndAListOfListsAsSeveral() throws Exception {
    SweepPlan one = plan("grid = [ { family = piecewise, boundaries = [3, 5], values = [0.01, 0.005, 0.001] } ]\n");
    assertEquals(1, one.trials().size());
    assertEquals(List.of(3L, 5L), one.trials().get(0).params().get("boundaries"));
    SweepPlan two = plan(
        "grid = [ { family = piecewise, boundaries = [[3, 5], [4, 6]], values = [[0.01, 0.005, 0.001]] } ]\n");
    assertEquals(2, two.trials().size());
    assertEquals(Set.of(List.of(3L, 5L), List.of(4L, 6L)),
        two.trials().stream().map(t -> t.params().get("boundaries")).collect(Collectors.toSet()));
  }

  @Test
  void listParameterSetMatchesTheRegistrysListValuedParameters() {
    // one valid example per family; every List-valued parameter must be in LIST_PARAMETERS, and
    // every name in it must be List-valued somewhere
    Map<String, Map<String, Object>> examples = Map.of(
        "constant", Map.of("lr", 0.01),
        "step", Map.of("lr0", 0.01, "factor", 0.5, "drop_every", 5),
        "time_decay", Map.of("lr0", 0.01, "decay", 0.001),
        "piecewise", Map.of("boundaries", List.of(3, 5), "values", List.of(0.01, 0.005, 0.001)),
        "exponential", Map.of("lr0", 0.01, "decay_rate", 0.9, "decay_steps", 10),
        "polynomial", Map.of("lr0", 0.01, "end_lr", 0.001, "decay_steps", 10),
        "cosine", Map.of("lr0", 0.01, "decay_steps", 10),
        "cosine_restarts", Map.of("lr0", 0.01, "first_decay_steps", 10),
        "warmup_cosine", Map.of("lr_max", 0.01, "warmup_steps", 2, "total_steps", 10));
    assertEquals(Set.copyOf(ScheduleRegistry.families()), examples.keySet(), "an example for every family");
    Set<String> listValued = new HashSet<>();
    for (Map.Entry<String, Map<String, Object>> e : examples.entrySet()) {
      Schedule s = ScheduleRegistry.create(e.getKey(), e.getValue());
      s.params().forEach((k, v) -> {
        if (v instanceof List<?>) {
          listValued.add(k);
        }
      });
    }
    assertEquals(SweepConfigLoader.LIST_PARAMETERS, listValued);
  }

  @Test
  void scheduleErrorsNameFileLineKeyValueAndRuleAlongsideConfigErrors() throws Exception {
    Path f = write("bad.conf", String.join("\n",
        "training.epochs = 0",                                                  // 1
        "grid = [",                                                             // 2
        "  { family = step, lr0 = 0.01, factor = [0.25, 1.5], drop_every = 5 }", // 3
        "  { family = step, lr0 = 0.01, factor = 0.5, drop_evry = 5 }",         // 4
        "  { family = zigzag, lr = 0.1 }",                                      // 5
        "  { family = cosine,",                                                 // 6
        "    lr0 = 0.01 }",                                                     // 7
        "]",
        ""));
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepPlanner.load(f, List.of(), env()));
    List<String> m = e.errors().stream().map(ConfigError::toString).collect(Collectors.toList());
    assertEquals(5, m.size(), String.join("\n", m));
    assertEquals(f + ":1: training.epochs = 0: must be an integer in [1, 100000]", m.get(0));
    assertEquals(f + ":3: grid[0].factor = 1.5: step: factor must be in (0, 1]", m.get(1));
    assertTrue(m.get(2).startsWith(f + ":4: grid[1].drop_evry = 5: step: drop_evry is not a parameter of step"), m.get(2));
    assertTrue(m.get(2).contains("drop_every"), "names the valid parameters: " + m.get(2));
    assertTrue(m.get(3).startsWith(f + ":5: grid[2].family = \"zigzag\": zigzag: family must be one of "), m.get(3));
    assertTrue(m.get(3).contains("cosine_restarts") && m.get(3).contains("warmup_cosine"), m.get(3));
    assertEquals(f + ":6: grid[3].decay_steps: cosine: decay_steps is required", m.get(4));
  }

  @Test
  void duplicateSchedulesAreErrorsNamingBothEntries() throws Exception {
    Path f = write("dup.conf", String.join("\n",
        "grid = [",
        "  { family = step, lr0 = 0.01, factor = [0.25, 0.5], drop_every = 5 }",
        "  { family = constant, lr = 0.01 }",
        "  { family = step, lr0 = 0.01, factor = 0.5, drop_every = 5, offset = 1, unit = epoch }",
        "]",
        ""));
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> SweepPlanner.load(f, List.of(), env()));
    assertEquals(1, e.errors().size(), e.getMessage());
    String m = e.errors().get(0).toString();
    assertTrue(m.startsWith(f + ":4: grid[2] = step(drop_every=5,factor=0.5,lr0=0.01): gives the same schedule as grid[0] point 2 ("
        + f + ":2)"), m);
  }

  @Test
  void emptyGridIsAnError() throws Exception {
    SweepConfigException e = assertThrows(SweepConfigException.class, () -> plan("seed = 1\n"));
    assertEquals(1, e.errors().size());
    assertTrue(e.errors().get(0).toString().contains("grid = []: must have at least one entry"), e.getMessage());
  }

  @Test
  void gridsOverMaxTrialsAreErrorsNamingTheEntries() throws Exception {
    SweepConfigException e = assertThrows(SweepConfigException.class,
        () -> plan("max_trials = 10\nrepeats = 2\ngrid = [\n" + STEP + COSINE + TIME + "]\n"));
    String m = e.errors().get(0).toString();
    assertTrue(m.contains("gives 14 trials (7 points x 2 repeats"), m);
    assertTrue(m.contains("grid[0] step") && m.contains(": 4") && m.contains("grid[1] cosine") && m.contains("grid[2] time_decay"), m);
    assertTrue(m.contains("more than max_trials = 10"), m);

    // one entry alone too large is caught before it is expanded
    SweepConfigException big = assertThrows(SweepConfigException.class,
        () -> plan("max_trials = 3\ngrid = [\n" + STEP + "]\n"));
    assertTrue(big.getMessage().contains("grid[0]: step: expands to 4 points (drop_every 2 x factor 2 x lr0 1)"),
        big.getMessage());
  }

  @Test
  void shippedConfigsPlanTheSevenFamiliesInEightGridPoints() throws Exception {
    Path root = Path.of(System.getProperty(Environment.PROJECT_ROOT_PROPERTY, "."));
    for (String name : List.of("conf/seed-minivgg.conf", "conf/quick-one-seed.conf", "conf/seed-reduced.conf")) {
      SweepPlan p = SweepPlanner.load(root.resolve(name), List.of(), env());
      assertEquals(8, p.gridPoints(), name);
      assertEquals(8 * p.config().repeats(), p.trials().size(), name);
      assertEquals(Set.of("constant", "time_decay", "step", "cosine", "cosine_restarts", "warmup_cosine", "piecewise"),
          p.trials().stream().map(PlannedTrial::family).collect(Collectors.toSet()), name);
    }
    SweepPlan seed = SweepPlanner.load(root.resolve("conf/seed-minivgg.conf"), List.of(), env());
    assertEquals(40, seed.config().training().epochs());
    assertEquals(64, seed.config().training().batchSize());
    assertTrue(seed.trial("step-drop_every5-factor0.25-lr00.01-offset1-unitepoch-r0").isPresent());
    assertTrue(seed.trial("time_decay-decay0.00025-lr00.01-unititeration-r0").isPresent());

    // seed-reduced.conf includes seed-minivgg.conf: its 40 epochs and batch 64, its own data
    // limits, and the per-iteration schedules rescaled to 79 iterations per epoch:
    // time decay 7.82 / 3160 = 0.002475 (the article's lr0 / 8.82 at the end of the run)
    SweepPlan reduced = SweepPlanner.load(root.resolve("conf/seed-reduced.conf"), List.of(), env());
    assertEquals(40, reduced.config().training().epochs());
    assertEquals(64, reduced.config().training().batchSize());
    assertEquals(5000, reduced.config().data().trainLimit());
    assertEquals(2000, reduced.config().data().testLimit());
    assertTrue(reduced.trial("time_decay-decay0.002475-lr00.01-unititeration-r0").isPresent());

    // quick.conf: five schedules x 3 paired repeats; 4,000 / 64 -> 63 iterations per epoch,
    // 4 epochs = 252: cosine over 252 iterations, warmup over 13 (5%)
    SweepPlan quick = SweepPlanner.load(root.resolve("conf/quick.conf"), List.of(), env());
    assertEquals(3, quick.config().repeats());
    assertEquals(5, quick.gridPoints());
    assertEquals(15, quick.trials().size());
    assertEquals(Set.of("constant", "step", "cosine", "warmup_cosine"),
        quick.trials().stream().map(PlannedTrial::family).collect(Collectors.toSet()));
    assertEquals(dev.lrsweep.config.Seeding.PAIRED, quick.config().seeding());
    assertTrue(quick.trial("step-drop_every2-factor0.25-lr00.01-offset1-unitepoch-r2").isPresent());
    assertTrue(quick.trial("cosine-alpha0-decay_steps252-lr00.01-unititeration-r0").isPresent(),
        quick.trials().stream().map(PlannedTrial::trialId).collect(Collectors.toList()).toString());
  }
}
