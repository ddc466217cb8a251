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

  @Test
  void fingerprintCoversDataTrainingAndSeedButNotTheGrid() throws Exception {
    String one = "[ { family = constant, lr = 0.01 } ]";
    String two = "[ { family = constant, lr = [0.01, 0.02] } ]";
    SweepManifest base = SweepManifest.of(plan(one));
    assertEquals(base.fingerprint(), SweepManifest.of(plan(two, "repeats=3", "threads=4", "max_trials=9")).fingerprint());
    for (String change : List.of("training.epochs=3", "training.batch_size=32", "training.momentum=0.5",
        "training.nesterov=false", "seed=1", "data.train_limit=100", "data.test_limit=100", "data.path=s3a://b/c")) {
      SweepManifest changed = SweepManifest.of(plan(one, change));
      assertNotEquals(base.fingerprint(), changed.fingerprint(), change);
      assertEquals(1, changed.changesSince(base).size(), change + ": " + changed.changesSince(base));
    }
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
