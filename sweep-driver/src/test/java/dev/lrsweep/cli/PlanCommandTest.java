package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.grid.TrialIds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  @TempDir Path dir;

  @Test
  void printsEveryTrialWithIdFamilyLabelAndSeed() throws Exception {
    Path f = dir.resolve("s.conf");
    Files.writeString(f, "seed = 5\ndata.path = \"" + f + "\"\ngrid = [\n"
        + "  { family = step, lr0 = 0.01, factor = [0.25, 0.5], drop_every = 5 }\n"
        + "  { family = constant, lr = 0.01 }\n]\n");
    CliCapture r = CliCapture.run("plan", "--config", f.toString(), "--set", "repeats=2");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("3 grid points x 2 repeats = 6 trials"), r.out());
    String id = "step-drop_every5-factor0.5-lr00.01-offset1-unitepoch-r1";
    String row = r.out().lines().filter(l -> l.contains(id)).findFirst().orElseThrow(() -> new AssertionError(r.out()));
    assertTrue(row.contains("step(drop_every=5,factor=0.5,lr0=0.01)"), row);
    // seed by the rule, not by copying the output (checked against SHA-256 in SweepPlannerTest):
    // paired seeding by default, so repeat 1 of every point has the seed of "5/repeat-1"
    assertTrue(row.endsWith(" " + TrialIds.pairedSeed(5, 1)), row);
    assertTrue(r.out().contains("seed 5 (paired seeding)"), r.out());
    assertTrue(r.out().contains("constant-lr0.01-unitepoch-r0"), r.out());
    assertEquals(6, r.out().lines().filter(l -> l.matches("\\s*\\d+\\s+\\S+-r\\d+\\s.*")).count(), r.out());
    assertTrue(r.out().contains("Data: " + f), "the data file named in the config is found: " + r.out());
    assertFalse(r.err().contains("WARNING"), r.err());
  }

  @Test
  void missingDataIsAWarningAndThePlanStillPrints() throws Exception {
    Path f = dir.resolve("s.conf");
    Files.writeString(f, "grid = [ { family = constant, lr = 0.01 } ]\n");
    CliCapture r = CliCapture.run("plan", "-c", f.toString(), "--set", "data.path=" + dir.resolve("absent.tar.gz"));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("constant-lr0.01-unitepoch-r0"), r.out());
    assertTrue(r.err().contains("WARNING: dataset cifar10 not found"), r.err());
    assertTrue(r.err().contains(dir.resolve("absent.tar.gz") + " (does not exist)"), r.err());
    assertTrue(r.err().contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), r.err());
  }

  @Test
  void badConfigExitsTwoListingEveryError() throws Exception {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, "traning.epochs = 3\ngrid = [ { family = step, lr0 = 0.01, factor = 1.5, drop_every = 5 } ]\n");
    CliCapture r = CliCapture.run("plan", "--config", f.toString(), "--set", "repeats=0");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("3 configuration errors:"), r.err());
    assertTrue(r.err().contains(f + ":1: traning.epochs = 3: unknown key 'traning'"), r.err());
    assertTrue(r.err().contains(f + ":2: grid[0].factor = 1.5: step: factor must be in (0, 1]"), r.err());
    assertTrue(r.err().contains("--set repeats: repeats = 0: must be an integer in [1, 1000]"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void missingConfigOptionIsAUsageError() {
    CliCapture r = CliCapture.run("plan");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--config"), r.err());
  }
}
