package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefix sharing end to end on Spark local[2] with real training: the same sweep with sharing on
 * and off gives the same results bit for bit, with fewer epochs trained; a driver killed with
 * SIGKILL after a fork resumes its branches from the fork's checkpoint.
 */
class PrefixSharingRunTest {

  /**
   * 5 schedules x 2 paired repeats, 3 epochs of 64 images (2 batches of 32: the results only have
   * to be equal with and without sharing, not good). Rates by epoch, by hand: constant 0.01 0.01
   * 0.01; piecewise [2] 0.01 0.01 0.001; step (offset 1, every 2) with factor 0.5: 0.01 0.005
   * 0.005, factor 0.25: 0.01 0.0025 0.0025; cosine over 3 epochs: 0.01, 0.0075, 0.0025. So per
   * repeat: epoch 1 shared by all five, epoch 2 by constant and piecewise, the rest alone: 1 + 1 +
   * 1 + 1 + 2 + 2 + 2 = 10 epochs instead of 15.
   */
  static final String GRID = """
        { family = constant, lr = 0.01 }
        { family = piecewise, boundaries = [2], values = [0.01, 0.001] }
        { family = step, lr0 = 0.01, factor = [0.5, 0.25], drop_every = 2 }
        { family = cosine, lr0 = 0.01, decay_steps = 3 }
      """;

  private static Path config(Path dir, Path out, String grid, int epochs, int repeats, String... more)
      throws IOException {
    String conf = """
        data { path = "%s", train_limit = 64, test_limit = 64 }
        training { epochs = %d, batch_size = 32 }
        seed = 11
        repeats = %d
        threads = 1
        out = "%s"
        grid = [
        %s
        ]
        %s
        """.formatted(RunCommandTest.cifarArchive(), epochs, repeats, out, grid, String.join("\n", more));
    Path file = dir.resolve(out.getFileName() + ".conf");
    Files.writeString(file, conf);
    return file;
  }

  /** The result lines by trial id, with the wall-clock fields (seconds, images/s) removed. */
  private static Map<String, JsonNode> withoutTimes(Path out) throws IOException {
    Map<String, JsonNode> byId = new TreeMap<>();
    for (JsonNode n : RunCommandTest.results(out)) {
      com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) n.deepCopy();
      o.remove(List.of("seconds", "train_images_per_second", "provenance", "epochs_trained", "epochs_inherited"));
      for (JsonNode h : o.get("history")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) h).remove("seconds");
      }
      byId.put(o.get("trial_id").asText(), o);
    }
    return byId;
  }

  @Test
  void sharingOnAndOffGiveTheSameResultsBitForBitWithFewerEpochsTrained(@TempDir Path dir) throws Exception {
    Path on = dir.resolve("on");
    Path off = dir.resolve("off");
    CliCapture sharing = RunCommandTest.runLocal2(config(dir, on, GRID, 3, 2));
    assertEquals(0, sharing.exitCode(), sharing.out() + sharing.err());
    CliCapture alone = RunCommandTest.runLocal2(config(dir, off, GRID, 3, 2), "--set", "sharing=off");
    assertEquals(0, alone.exitCode(), alone.out() + alone.err());

    Map<String, JsonNode> a = withoutTimes(on);
    Map<String, JsonNode> b = withoutTimes(off);
    assertEquals(10, a.size());
    assertEquals(b.keySet(), a.keySet());
    for (String id : a.keySet()) {
      // histories (losses and accuracies as exact doubles), final accuracy, per-image predictions
      assertEquals(b.get(id), a.get(id), id);
      assertFalse(a.get(id).get("report").get("predictions").asText().isEmpty(), id);
    }

    int trainedOn = 0;
    int inheritedOn = 0;
    for (JsonNode n : RunCommandTest.results(on)) {
      assertEquals(3, n.get("epochs_trained").asInt() + n.get("epochs_inherited").asInt(), n.get("trial_id").asText());
      trainedOn += n.get("epochs_trained").asInt();
      inheritedOn += n.get("epochs_inherited").asInt();
    }
    assertEquals(2 * 10, trainedOn, "every epoch trained exactly once: 10 per repeat");
    assertEquals(2 * 5, inheritedOn);
    for (JsonNode n : RunCommandTest.results(off)) {
      assertEquals(0, n.get("epochs_inherited").asInt());
    }
    assertTrue(sharing.out().contains("prefix sharing: 20 epochs to train instead of 30 (saves 10, 33%), 14 segments"),
        sharing.out());
    // forks: after epoch 1 (five ways) and after epoch 2 (constant and piecewise), per repeat
    assertTrue(sharing.out().contains(
            "prefix sharing: trained 20 epochs for 30 trial-epochs (saved 10, 33%); 4 fork checkpoints ("),
        sharing.out());
    assertTrue(Files.readString(on.resolve("report.html")).contains(
        "Prefix sharing: the sweep trained 20 epochs for 30 trial-epochs; 10 (33%) were inherited"), "report.html");
    assertFalse(Files.exists(on.resolve("checkpoints/forks")) && hasFiles(on.resolve("checkpoints/forks")),
        "every fork checkpoint is deleted once every trial below it has its result");
  }

  @Test
  void successiveHalvingOnASharedTreeGivesTheSameRungsAndResults(@TempDir Path dir) throws Exception {
    // four of GRID's schedules, rungs [1, 3], factor 2: all four share rung 0 (epoch 1) and tie
    // there, so by Promotion's order (accuracy, loss, then id) constant and piecewise go on; they
    // start rung 1 alike (same seed and rates until epoch 1), share epoch 2 and part for epoch 3.
    // With sharing 1 + 1 + 1 + 1 = 4 epochs are trained, without 4 + 2 x 2 = 8.
    String grid = """
          { family = constant, lr = 0.01 }
          { family = piecewise, boundaries = [2], values = [0.01, 0.001] }
          { family = step, lr0 = 0.01, factor = [0.5, 0.25], drop_every = 2 }
        """;
    String[] halving = {"scheduler = halving", "halving { rungs = [1, 3], reduction_factor = 2 }"};
    Path on = dir.resolve("on");
    Path off = dir.resolve("off");
    CliCapture sharing = RunCommandTest.runLocal2(config(dir, on, grid, 3, 1, halving));
    assertEquals(0, sharing.exitCode(), sharing.out() + sharing.err());
    CliCapture alone = RunCommandTest.runLocal2(config(dir, off, grid, 3, 1, halving), "--set", "sharing=off");
    assertEquals(0, alone.exitCode(), alone.out() + alone.err());

    Map<String, JsonNode> a = withoutTimes(on);
    Map<String, JsonNode> b = withoutTimes(off);
    assertEquals(4, a.size());
    assertEquals(b, a, "the same terminal lines (status, rung, history, predictions)");
    long completed = a.values().stream().filter(n -> n.get("status").asText().equals("COMPLETED")).count();
    assertEquals(2, completed);
    int trainedOn = RunCommandTest.results(on).stream().mapToInt(n -> n.get("epochs_trained").asInt()).sum();
    int trainedOff = RunCommandTest.results(off).stream().mapToInt(n -> n.get("epochs_trained").asInt()).sum();
    assertEquals(4, trainedOn);
    assertEquals(8, trainedOff);
  }

  @Test
  void aDriverKilledAfterAForkResumesItsBranchesFromTheForkCheckpoint(@TempDir Path dir) throws Exception {
    // constant and piecewise [2]: the same rates for epochs 1-2, then 0.01 vs 0.001 for epochs 3-4
    Path out = dir.resolve("out");
    Path conf = config(dir, out, """
          { family = constant, lr = 0.01 }
          { family = piecewise, boundaries = [2], values = [0.01, 0.001] }
        """, 4, 1);
    Process driver = RunCommandTest.startDriver(conf, dir.resolve("first-run.log"));
    Path forks = out.resolve("checkpoints/forks");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (!hasCheckpoint(forks)) {
      assertTrue(driver.isAlive(), () -> "driver ended before the fork: " + log(dir));
      assertTrue(Instant.now().isBefore(deadline), () -> "no fork checkpoint within 3 minutes: " + log(dir));
      driver.waitFor(100, TimeUnit.MILLISECONDS);
    }
    driver.destroyForcibly(); // SIGKILL
    assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "killed driver exits");
    assertTrue(hasCheckpoint(forks), "the fork's checkpoint outlives the driver");
    int finishedBefore = Files.exists(out.resolve("results.jsonl")) ? RunCommandTest.results(out, true).size() : 0;
    assertTrue(finishedBefore < 2, "the kill landed before both branches finished");

    CliCapture rerun = RunCommandTest.runLocal2(conf);
    String stdout = rerun.out();
    assertEquals(0, rerun.exitCode(), stdout + rerun.err());
    int branches = 2 - finishedBefore;
    assertTrue(stdout.contains("prefix sharing: trained " + 2 * branches
            + " epochs (and resumed 2 from fork checkpoints of an earlier run)"),
        "the shared epochs 1-2 are not trained again: " + stdout);
    List<JsonNode> after = RunCommandTest.results(out);
    assertEquals(2, after.size(), "one line per trial");
    int inherited = after.stream().mapToInt(n -> n.get("epochs_inherited").asInt()).sum();
    int trained = after.stream().mapToInt(n -> n.get("epochs_trained").asInt()).sum();
    assertEquals(2, inherited, "one trial inherited the shared two epochs");
    assertEquals(6, trained, "2 shared + 2 + 2 epochs, each trained once (the shared ones before the kill)");
    for (JsonNode n : after) {
      assertEquals("COMPLETED", n.get("status").asText());
      assertEquals(4, n.get("history").size());
    }
    assertFalse(hasCheckpoint(forks), "deleted once both trials below it have their results");
  }

  private static boolean hasCheckpoint(Path forks) throws IOException {
    if (!Files.isDirectory(forks)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(forks)) {
      return files.anyMatch(p -> p.toString().endsWith(".ckpt"));
    }
  }

  private static boolean hasFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(Files::isRegularFile);
    }
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("first-run.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
