package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep run} end to end on real Spark ({@code local[2]}) with real CIFAR-10 and real
 * training of tiny subsets: results.jsonl and the ranking, a diverging trial recorded as such
 * while the others finish, and resume after the driver is killed.
 */
@Tag("spark")
class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path cifarArchive() {
    String root = System.getProperty("lrsweep.project.root", ".");
    Path archive = Path.of(root).resolve("../shared/datasets/cifar-10-binary.tar.gz").normalize();
    assertTrue(Files.isRegularFile(archive), "CIFAR-10 archive expected at " + archive);
    return archive;
  }

  /** A tiny sweep: 1 epoch on 200/100 images, batch 32, one thread per trial. */
  static Path writeConfig(Path dir, Path out, String grid) throws IOException {
    String conf =
        """
        data { path = "%s", train_limit = 200, test_limit = 100 }
        training { epochs = 1, batch_size = 32 }
        seed = 7
        threads = 1
        out = "%s"
        grid = [
        %s
        ]
        """
            .formatted(cifarArchive(), out, grid);
    Path file = dir.resolve("tiny.conf");
    Files.writeString(file, conf);
    return file;
  }

  /** Every line of results.jsonl; a line that does not parse fails the test. */
  static List<JsonNode> results(Path out) throws IOException {
    return results(out, false);
  }

  /**
   * The lines of results.jsonl. With {@code whileWriting}, a last line without its newline (being
   * written, or cut by kill -9, which the store repairs on resume) is left out; every other line
   * must parse.
   */
  static List<JsonNode> results(Path out, boolean whileWriting) throws IOException {
    String text = Files.readString(out.resolve("results.jsonl"));
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    String last = lines.remove(lines.size() - 1); // "" when the text ends with a newline
    if (!last.isEmpty() && !whileWriting) {
      lines.add(last);
    }
    List<JsonNode> nodes = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      try {
        nodes.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new AssertionError("results.jsonl line " + n + " does not parse: " + line, e);
      }
    }
    return nodes;
  }

  @Test
  void sweepRecordsEveryTrialRanksThemAndKeepsTheDivergedOneApart(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    // 5 trials: constant 0.01, constant 1e6 (SGD with lr 1e6 blows the loss up in its first
    // iterations), step 0.25 and 0.5, cosine.
    Path conf =
        writeConfig(
            dir,
            out,
            """
              { family = constant, lr = [0.01, 1000000.0] }
              { family = step, lr0 = 0.01, factor = [0.25, 0.5], drop_every = 1 }
              { family = cosine, lr0 = 0.01, decay_steps = 1 }
            """);

    CliCapture run = runLocal2(conf);
    String stdout = run.out();

    assertEquals(0, run.exitCode(), stdout + run.err());
    List<JsonNode> lines = results(out);
    assertEquals(5, lines.size(), "one line per trial");
    Map<String, String> statusByLabel = new HashMap<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode n : lines) {
      statusByLabel.put(n.get("label").asText(), n.get("status").asText());
      ids.add(n.get("trial_id").asText());
    }
    assertEquals(5, ids.size(), "ids are unique");
    assertEquals("DIVERGED", statusByLabel.get("constant(lr=1000000)"), statusByLabel.toString());
    assertEquals(4, statusByLabel.values().stream().filter("COMPLETED"::equals).count(), statusByLabel.toString());

    List<String> csv = Files.readAllLines(out.resolve("trials.csv"));
    assertEquals(
        "rank,trial_id,family,label,status,final_accuracy,best_accuracy,best_epoch,final_loss,epochs,epochs_trained,"
            + "epochs_inherited,seconds",
        csv.get(0));
    assertEquals(1 + 4, csv.size(), "the four completed trials are ranked: " + csv);
    assertFalse(String.join("\n", csv).contains("1000000"), "the diverged trial is not in the ranking");
    assertTrue(Files.readString(out.resolve("failures.csv")).contains("DIVERGED"));
    assertTrue(Files.readString(out.resolve("ranking.md")).contains("| 1 |"));
    // one progress line per finished segment: constant 0.01 and cosine (0.01 * (1 + cos 0) / 2 =
    // 0.01 in epoch 1) have the same rates for their one epoch, so with prefix sharing (on by
    // default with paired seeds) they are one segment; and the ranked table on stdout
    assertEquals(4, stdout.lines().filter(l -> l.startsWith("trial ")).count(), stdout);
    assertEquals(1, stdout.lines().filter(l -> l.startsWith("trial ") && l.contains("for 2 trials]")).count(), stdout);
    assertTrue(stdout.contains("Trials by final test accuracy"), stdout);
    List<String> points = Files.readAllLines(out.resolve("ranking.csv"));
    assertEquals(1 + 4, points.size(), "one row per completed grid point: " + points);
    assertTrue(points.get(0).contains(",repeats,mean_accuracy,std_accuracy,ci95_low,ci95_high,diff_vs_best,"), points.get(0));
  }

  /**
   * Paired seeding end to end: 2 schedules x 3 repeats, 2 epochs. Constant 0.01 and step 0.01 *
   * 0.5^epoch share their epoch-0 rate, so under paired seeding repeat r of both trains epoch 0
   * bit for bit alike, and differs in epoch 1; the ranking files carry the statistics columns.
   */
  @Test
  void pairedRepeatsShareSeedsAndEarlyEpochsAndTheRankingCarriesTheStatistics(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path conf = writeConfig(dir, out, """
          { family = constant, lr = 0.01 }
          { family = step, lr0 = 0.01, factor = 0.5, drop_every = 1, offset = 0 }
        """);
    CliCapture run = CliCapture.run("run", "--config", conf.toString(), "--master", "local[2]", "--status-every", "0",
        "--set", "repeats=3", "--set", "training.epochs=2", "--set", "data.train_limit=128");
    assertEquals(0, run.exitCode(), run.out() + run.err());

    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode n : results(out)) {
      byId.put(n.get("trial_id").asText(), n);
    }
    assertEquals(6, byId.size(), byId.keySet().toString());
    Set<Long> seeds = new HashSet<>();
    for (int r = 0; r < 3; r++) {
      JsonNode constant = byId.get("constant-lr0.01-unitepoch-r" + r);
      JsonNode step = byId.get("step-drop_every1-factor0.5-lr00.01-offset0-unitepoch-r" + r);
      assertEquals(constant.get("seed").asLong(), step.get("seed").asLong(), "repeat " + r + " shares one seed");
      seeds.add(constant.get("seed").asLong());
      JsonNode c0 = constant.get("history").get(0);
      JsonNode s0 = step.get("history").get(0);
      for (String k : List.of("learning_rate", "train_loss", "train_accuracy", "test_loss", "test_accuracy")) {
        assertEquals(c0.get(k).asDouble(), s0.get(k).asDouble(), "repeat " + r + " epoch 0 " + k + " bit for bit");
      }
      assertEquals(0.005, step.get("history").get(1).get("learning_rate").asDouble(), 1e-15);
      assertTrue(constant.get("history").get(1).get("train_loss").asDouble()
          != step.get("history").get(1).get("train_loss").asDouble(), "repeat " + r + ": epoch 1 parts ways");
      assertEquals(100, java.util.Base64.getDecoder().decode(constant.get("report").get("predictions").asText()).length,
          "one prediction per test image");
    }
    assertEquals(3, seeds.size(), "three repeats, three seeds");

    List<String> csv = Files.readAllLines(out.resolve("ranking.csv"));
    assertEquals("rank,grid_point,family,label,repeats,mean_accuracy,std_accuracy,ci95_low,ci95_high,diff_vs_best,"
        + "diff_ci95_low,diff_ci95_high,p_vs_best,p_vs_best_holm,p_vs_best_exact,tied_with_best,mean_loss,comparison",
        csv.get(0));
    assertEquals(3, csv.size(), csv.toString());
    JsonNode json = JSON.readTree(out.resolve("ranking.json").toFile());
    JsonNode second = json.get("grid_points").get(1);
    assertEquals(3, second.get("repeats").asInt());
    assertEquals("paired_t", second.get("comparison").asText());
    assertTrue(second.get("diff_vs_best").asDouble() <= 0, second.toString());
    // 3 repeats: 8 sign patterns, the observed one and its mirror always count: k/8, k in 2..8
    double exact = second.get("p_vs_best_exact").asDouble() * 8;
    assertEquals(Math.rint(exact), exact, 1e-12, second.toString());
    assertTrue(exact >= 2 && exact <= 8, second.toString());
    assertEquals(6, json.get("ranking").size());
    assertTrue(run.out().contains("± "), run.out());
    String report = run.out().substring(run.out().indexOf("6 trials: 6 completed"));
    assertTrue(report.lines().filter(l -> !l.startsWith("wrote ")).allMatch(l -> l.length() <= 120), report);
    assertTrue(report.contains("* "), "the best is marked: " + report);
  }

  @Test
  void killedDriverResumesWithoutRedoingFinishedTrials(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path conf =
        writeConfig(
            dir,
            out,
            """
              { family = constant, lr = [0.001, 0.002, 0.005, 0.01] }
              { family = step, lr0 = 0.01, factor = [0.25, 0.5], drop_every = 1 }
              { family = exponential, lr0 = 0.01, decay_rate = [0.5, 0.9], decay_steps = 1 }
            """);
    int total = 8;

    // The first run is a separate driver JVM, killed with SIGKILL as soon as the first result is
    // on disk. Sharing off: this is the resume of whole trials (PrefixSharingRunTest kills a
    // forked sweep).
    Process driver = startDriver(conf, dir.resolve("first-run.log"), "--set", "sharing=off");
    Path jsonl = out.resolve("results.jsonl");
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (!(Files.exists(jsonl) && !results(out, true).isEmpty())) {
      assertTrue(driver.isAlive(), () -> "driver ended before the first result: " + log(dir));
      assertTrue(Instant.now().isBefore(deadline), () -> "no result within 3 minutes: " + log(dir));
      driver.waitFor(200, TimeUnit.MILLISECONDS);
    }
    driver.destroyForcibly();
    assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "killed driver exits");

    List<JsonNode> before = results(out, true);
    Set<String> finishedBefore = new HashSet<>();
    before.forEach(n -> finishedBefore.add(n.get("trial_id").asText()));
    assertTrue(
        finishedBefore.size() >= 1 && finishedBefore.size() < total,
        "the kill landed mid-sweep: " + finishedBefore.size() + " of " + total + " finished");

    CliCapture rerun = runLocal2(conf, "--set", "sharing=off");
    String stdout = rerun.out();
    assertEquals(0, rerun.exitCode(), stdout + rerun.err());
    assertTrue(
        stdout.contains("(" + finishedBefore.size() + " already done in "),
        "the rerun reports what it skips: " + stdout);

    List<JsonNode> after = results(out);
    Map<String, Integer> lineCount = new HashMap<>();
    after.forEach(n -> lineCount.merge(n.get("trial_id").asText(), 1, Integer::sum));
    assertEquals(total, lineCount.size(), "every trial has a result: " + lineCount);
    for (String id : finishedBefore) {
      assertEquals(1, lineCount.get(id), "finished before the kill, so not run again: " + id);
    }
    assertEquals(total, after.size(), "no trial ran twice");
    assertEquals(
        total - finishedBefore.size(),
        stdout.lines().filter(l -> l.startsWith("trial ")).count(),
        "the rerun trained only the rest: " + stdout);
  }

  @Test
  void aSweepInWhichNoTrialCompletesExitsThree(@TempDir Path dir) throws Exception {
    // SGD at a rate of 1e6 blows the loss up in its first iterations: both trials diverge
    Path out = dir.resolve("out");
    Path conf = writeConfig(dir, out, "{ family = constant, lr = [1000000.0, 2000000.0] }");
    CliCapture run = runLocal2(conf);
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertEquals(List.of("DIVERGED", "DIVERGED"), results(out).stream().map(n -> n.get("status").asText()).toList());
  }

  @Test
  void aFailedTrialExitsOneUntilRetryFailedReRunsIt(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path conf = writeConfig(dir, out, "{ family = constant, lr = [0.01, 0.02] }");
    assertEquals(0, runLocal2(conf).exitCode());
    // mark the first trial FAILED, as a trial that threw is recorded
    Path jsonl = out.resolve("results.jsonl");
    List<JsonNode> done = results(out);
    com.fasterxml.jackson.databind.node.ObjectNode failed = (com.fasterxml.jackson.databind.node.ObjectNode) done.get(0);
    String failedId = failed.get("trial_id").asText();
    failed.put("status", "FAILED").put("message", "IllegalStateException: injected by the test");
    Files.writeString(jsonl, JSON.writeValueAsString(failed) + "\n" + JSON.writeValueAsString(done.get(1)) + "\n");

    CliCapture resumed = runLocal2(conf);
    assertEquals(1, resumed.exitCode(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains("(2 already done in "), "without --retry-failed a FAILED trial is done: "
        + resumed.out());

    CliCapture retried = CliCapture.run("run", "--config", conf.toString(), "--master", "local[2]",
        "--status-every", "0", "--retry-failed");
    assertEquals(0, retried.exitCode(), retried.out() + retried.err());
    assertTrue(retried.out().contains("(1 already done in "), retried.out());
    List<JsonNode> after = results(out);
    assertEquals(3, after.size(), "the retry appends a line: " + after);
    assertEquals(failedId, after.get(2).get("trial_id").asText());
    assertEquals("COMPLETED", after.get(2).get("status").asText());
    assertEquals(1, retried.out().lines().filter(l -> l.startsWith("trial ")).count(), retried.out());
  }

  static CliCapture runLocal2(Path conf, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--config", conf.toString(), "--master", "local[2]",
        "--status-every", "0"));
    args.addAll(List.of(more));
    return CliCapture.run(args.toArray(String[]::new));
  }

  /**
   * {@code sweep run --config conf} on local[1] in a separate driver JVM (the test JVM's java,
   * classpath and --add-opens), output to {@code log}, for tests that kill it.
   */
  static Process startDriver(Path conf, Path log, String... more) throws IOException {
    return startDriver(System.getProperty("java.class.path"), "local[1]", conf, log, more);
  }

  /** As {@link #startDriver(Path, Path, String...)} with another class path and master. */
  static Process startDriver(String classpath, String master, Path conf, Path log, String... more) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Dlrsweep")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-Xmx3g", "-cp", classpath, "dev.lrsweep.cli.Main", "run",
        "--config", conf.toString(), "--master", master, "--status-every", "0"));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("first-run.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
