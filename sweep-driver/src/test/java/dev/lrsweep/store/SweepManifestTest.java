package dev.lrsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.config.Environment;
import dev.lrsweep.grid.SweepPlan;
import dev.lrsweep.grid.SweepPlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepManifestTest {
  @TempDir Path dir;

  private SweepPlan plan(String grid, String... overrides) throws Exception {
    Path f = dir.resolve("s.conf");
    Files.writeString(f, "data.path = \"hdfs://nn/cifar.tar.gz\"\ngrid = " + grid + "\n");
    return SweepPlanner.load(f, List.of(overrides), new Environment(Map.of(), dir, dir));
  }

  /**
   * Every key of reference.conf, with another valid value and whether it changes results. A key
   * added to reference.conf without a row here fails {@link #theTableCoversEveryKeyOfReferenceConf}.
   * The base sweep is a halving sweep, so the halving keys are read; "|" separates overrides that
   * must change together.
   */
  private static final Map<String, Row> KEYS = Map.ofEntries(
      row("data.path", "data.path=\"s3a://b/c\"", true, "data.location"),
      row("data.train_limit", "data.train_limit=100", true),
      row("data.test_limit", "data.test_limit=100", true),
      row("training.epochs", "training.epochs=20|halving.rungs=[10,20]", true),
      row("training.batch_size", "training.batch_size=32", true),
      row("training.momentum", "training.momentum=0.5", true),
      row("training.nesterov", "training.nesterov=false", true),
      row("seed", "seed=1", true),
      row("seeding", "seeding=independent", true),
      row("ranking.alpha", "ranking.alpha=0.01", false), // only how the ranking reads the results
      row("sharing", "sharing=off", false), // the same results, bit for bit, with less work
      row("threads", "threads=2", true), // bit-exact only at one thread count
      row("scheduler", "scheduler=grid", true),
      row("halving.rungs", "halving.rungs=[2,40]", true),
      row("halving.reduction_factor", "halving.reduction_factor=2", true),
      row("repeats", "repeats=3", false),
      row("out", "out=elsewhere", false),
      row("max_trials", "max_trials=9", false),
      row("grid", "grid=[ { family = constant, lr = [0.01, 0.02] } ]", false),
      row("model", "model=mnist_cnn|data.dataset=mnist", true),
      row("data.dataset", "data.dataset=mnist|model=mnist_cnn", true),
      row("training.optimizer", "training.optimizer=adam", true),
      // the base is SGD: Adam's parameters appear (resolved, defaults included) when it is chosen
      row("training.beta_1", "training.optimizer=adam|training.beta_1=0.8", true),
      row("training.beta_2", "training.optimizer=adam|training.beta_2=0.99", true),
      row("training.epsilon", "training.optimizer=adam|training.epsilon=1e-8", true),
      row("training.weight_decay", "training.optimizer=adamw|training.weight_decay=0.01", true));

  private record Row(String override, boolean changesResults, String fingerprintKey) {}

  private static Map.Entry<String, Row> row(String key, String override, boolean changes) {
    return Map.entry(key, new Row(override, changes, key));
  }

  private static Map.Entry<String, Row> row(String key, String override, boolean changes, String fingerprintKey) {
    return Map.entry(key, new Row(override, changes, fingerprintKey));
  }

  private SweepPlan halvingPlan(String... overrides) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("scheduler=halving", "halving.rungs=[10,20,40]"));
    all.addAll(List.of(overrides));
    return plan("[ { family = constant, lr = 0.01 } ]", all.toArray(String[]::new));
  }

  @Test
  void theTableCoversEveryKeyOfReferenceConf() {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    // every leaf of the defaults, null ones included (data.path, halving.rungs)
    collectLeaves(dev.lrsweep.config.SweepConfigLoader.defaults().root(), "", keys);
    assertEquals(keys, new java.util.TreeSet<>(KEYS.keySet()), "reference.conf keys vs the table");
  }

  private static void collectLeaves(com.typesafe.config.ConfigObject o, String prefix, java.util.Set<String> out) {
    o.forEach((k, v) -> {
      if (v instanceof com.typesafe.config.ConfigObject child) {
        collectLeaves(child, prefix + k + ".", out);
      } else {
        out.add(prefix + k);
      }
    });
  }

  @Test
  void everyKeyThatChangesResultsChangesTheFingerprintAndNoOtherDoes() throws Exception {
    SweepManifest base = SweepManifest.of(halvingPlan());
    for (Map.Entry<String, Row> e : KEYS.entrySet()) {
      Row row = e.getValue();
      if (row.override() == null) {
        assertTrue(base.fingerprintFields().containsKey(e.getKey()), e.getKey() + " is fingerprinted");
        continue;
      }
      // scheduler=grid leaves the halving keys unread, so they leave the fingerprint with it
      SweepManifest changed = SweepManifest.of(halvingPlan(row.override().split("\\|")));
      if (row.changesResults()) {
        assertNotEquals(base.fingerprint(), changed.fingerprint(), row.override());
        assertTrue(changed.changesSince(base).stream().anyMatch(c -> c.startsWith(row.fingerprintKey() + ": was ")),
            row.override() + ": " + changed.changesSince(base));
      } else {
        assertEquals(base.fingerprint(), changed.fingerprint(), row.override() + ": " + changed.changesSince(base));
      }
    }
  }

  @Test
  void aGridSweepIgnoresTheUnreadHalvingSection() throws Exception {
    String one = "[ { family = constant, lr = 0.01 } ]";
    assertEquals(SweepManifest.of(plan(one)).fingerprint(),
        SweepManifest.of(plan(one, "halving.reduction_factor=5")).fingerprint());
    assertEquals(List.of("threads: was 1, now 2"),
        SweepManifest.of(plan(one, "threads=2")).changesSince(SweepManifest.of(plan(one))));
  }

  @Test
  void fingerprintCoversModelDatasetAndEveryOptimizerParameter() throws Exception {
    String one = "[ { family = constant, lr = 0.01 } ]";
    SweepManifest sgd = SweepManifest.of(plan(one));
    assertEquals("minivgg", sgd.fingerprintFields().get("model"));
    assertEquals("cifar10", sgd.fingerprintFields().get("data.dataset"));
    assertEquals("0.9", sgd.fingerprintFields().get("training.momentum"), "a default is fingerprinted too");
    SweepManifest adam = SweepManifest.of(plan(one, "training.optimizer=adam"));
    assertEquals(List.of("training.beta_1: was (absent), now 0.9", "training.beta_2: was (absent), now 0.999",
        "training.epsilon: was (absent), now 1.0E-7", "training.momentum: was 0.9, now (absent)",
        "training.nesterov: was true, now (absent)", "training.optimizer: was sgd, now adam"), adam.changesSince(sgd));
    SweepManifest adam2 = SweepManifest.of(plan(one, "training.optimizer=adam", "training.beta_2=0.99"));
    assertEquals(List.of("training.beta_2: was 0.999, now 0.99"), adam2.changesSince(adam));
    SweepManifest mnist = SweepManifest.of(plan(one, "model=mnist_cnn", "data.dataset=mnist"));
    assertEquals(List.of("data.dataset: was cifar10, now mnist", "model: was minivgg, now mnist_cnn"),
        mnist.changesSince(sgd));
    assertEquals("mnist_cnn", mnist.config().get("model").asText(), "sweep.json's configuration names the model");
    assertEquals("mnist", mnist.config().get("data").get("dataset").asText());
  }

  @Test
  void storeRefusesAnOutWrittenWithOtherTrainingAndAcceptsAnotherGrid() throws Exception {
    Path out = dir.resolve("out");
    ResultStore.open(out, SweepManifest.of(plan("[ { family = constant, lr = 0.01 } ]"))).close();
    ResultStore.open(out, SweepManifest.of(plan("[ { family = constant, lr = [0.01, 0.03] } ]"))).close();
    ResumeRefusedException e = assertThrows(ResumeRefusedException.class,
        () -> ResultStore.open(out, SweepManifest.of(plan("[ { family = constant, lr = 0.01 } ]", "training.epochs=3"))));
    assertTrue(e.getMessage().contains("training.epochs: was 40, now 3"), e.getMessage());
  }
}
