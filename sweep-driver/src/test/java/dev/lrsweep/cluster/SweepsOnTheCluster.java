package dev.lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep itself on a real standalone cluster (master and two 1-core workers on loopback, started
 * by {@code scripts/standalone-cluster.sh}), submitted the way a user submits it, through {@code
 * scripts/submit.sh} and spark-submit: real CIFAR-10, real training of tiny subsets, executors in
 * their own JVMs. Then the two faults a cluster run must survive, in one sweep: the driver killed
 * midway and resubmitted (with the dataset shipped to the executors), and an executor JVM killed
 * while it trains in the resubmitted application.
 *
 * <p>These tests run on the cluster {@link StandaloneClusterTest} starts, as its {@code @Nested}
 * group: one cluster per test JVM for both, since starting and stopping one costs 15-25 s of the
 * 2-core machine. {@link StandaloneClusterTest} stops it after both and checks that every process
 * these tests saw or started is gone.
 *
 * <p>The application runs from the test's class path ({@code submit.sh --app-classpath}) instead of
 * the shaded jar: the executors are on this machine and see the same files, and building the shaded
 * jar would cost a nested Maven build of about a minute and 300 MB in every {@code mvn verify}.
 * Everything after that (spark-submit, the master, executors launched by the workers, tasks,
 * results) is what a shaded-jar submission does.
 *
 * <p>Which executor ran which trial is read from the executors' own logs: a worker runs each
 * executor in {@code <work dir>/<app id>/<executor id>} with its stderr there, and the executor
 * logs through the cluster's {@code conf/log4j2.properties}, which tags every line a trial logs
 * with {@code [trial <id>]} (the SLF4J MDC the trial task sets).
 */
abstract class SweepsOnTheCluster {
  private static final Logger LOG = LoggerFactory.getLogger(SweepsOnTheCluster.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRIAL_TAG = Pattern.compile("\\[trial ([^\\]\\s]+)\\]");

  /** CifarReader's line when an executor JVM decodes the dataset (once per JVM). */
  private static final Pattern READ_FROM =
      Pattern.compile("\\[trial ([^\\]\\s]+)\\]: read CIFAR-10 from (\\S+): ");

  private static final Duration SWEEP_LIMIT = Duration.ofSeconds(300);

  /** Configurations, outputs and logs of these tests. */
  private final Path dir;
  private final StandaloneCluster cluster;
  private final Path appClasspath;
  private final Path archive;

  /** Every process the tests saw or started, for the cluster's owner to check after stop. */
  private final Set<Long> seenPids;

  private final List<Process> drivers = new ArrayList<>();

  /**
   * @param cluster a running cluster
   * @param dir an empty directory for configurations, outputs and logs
   * @param seenPids where to add every process these tests see or start
   */
  SweepsOnTheCluster(StandaloneCluster cluster, Path dir, Set<Long> seenPids) throws IOException {
    this.cluster = cluster;
    this.dir = Files.createDirectories(dir);
    this.seenPids = seenPids;
    archive = cluster.root.resolve("../shared/datasets/cifar-10-binary.tar.gz").normalize();
    assertTrue(Files.isRegularFile(archive), "CIFAR-10 archive expected at " + archive);
    appClasspath = writeAppClasspath(dir.resolve("app-classpath.txt"));
  }

  @AfterAll
  void killLeftDrivers() throws Exception {
    for (Process driver : drivers) {
      // Only after a failure: every driver a test started has ended by then.
      if (driver.isAlive()) {
        driver.destroyForcibly();
        driver.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The two faults a cluster run must survive, in one sweep of 6 trials that ships the dataset with
   * {@code --ship-data} ({@code SparkContext.addFile}):
   *
   * <ol>
   *   <li>SIGKILL of the driver (the spark-submit JVM) once a result is on disk, then the same
   *       command again: the standalone master ends the killed application and frees its
   *       executors, and the resubmission runs only the trials without a result;
   *   <li>in that resubmitted application, SIGKILL of an executor JVM while it trains a trial:
   *       Spark reruns the lost task in another executor, the sweep ends normally (exit 0), and
   *       results.jsonl holds exactly one result per trial.
   * </ol>
   *
   * <p>In the resubmitted application the remaining trials run in executors of both workers, each
   * trial in exactly one, except the killed one, which the killed executor never finished and
   * exactly one other executor ran through; each executor decodes CIFAR-10 from its own fetched
   * copy (its SparkFiles directory is its working directory under the worker); every trial is
   * ranked. (Until 2026-11-29 the executor kill was a sweep of its own: one application start, its
   * executors' start-up and decoding, 40-60 s of every {@code mvn verify}, less.)
   */
  @Test
  void aDriverKilledMidSweepIsResubmittedAndItsRerunSurvivesAnExecutorKilledMidTrial()
      throws Exception {
    Path out = dir.resolve("driver-kill-out");
    int total = 6;
    Path conf =
        writeConfig(
            "driver-kill",
            out,
            200,
            1,
            "{ family = constant, lr = [0.001, 0.002, 0.003, 0.005, 0.007, 0.01] }");
    List<String> command = submitCommand(conf, "--ship-data");
    Set<String> appsBefore = cluster.executorDirs().keySet();
    Path firstLog = dir.resolve("driver-kill-first.log");
    Process driver = startDriver(command, firstLog);

    await(
        "a first result in results.jsonl",
        Duration.ofSeconds(180),
        () -> {
          assertTrue(
              driver.isAlive(), () -> "driver ended before the first result: " + read(firstLog));
          return !resultsById(out).isEmpty();
        },
        () -> read(firstLog));
    // submit.sh and bin/spark-submit exec into the driver JVM, so this is the driver itself.
    assertTrue(
        StandaloneCluster.commandLine(driver.pid()).contains("org.apache.spark.deploy.SparkSubmit"),
        "the submitted process is the driver JVM: " + StandaloneCluster.commandLine(driver.pid()));
    driver.destroyForcibly(); // SIGKILL
    assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "killed driver exits");
    long killedAt = System.nanoTime();
    String killedApp = newApp(appsBefore);
    Set<String> finishedBefore = new TreeSet<>(resultsById(out).keySet());
    // At least two left, so that the resubmission has a trial for each worker's executor.
    assertTrue(
        finishedBefore.size() >= 1 && finishedBefore.size() <= total - 2,
        "the kill landed mid-sweep: " + finishedBefore.size() + " of " + total + " finished");

    // The master sees the driver gone, removes the application and has its executors killed.
    await(
        "the killed application's executors gone",
        Duration.ofSeconds(60),
        () -> {
          for (String worker : List.of("worker-1", "worker-2")) {
            for (String line : cluster.executorProcesses(worker).values()) {
              if (line.contains(killedApp)) {
                return false;
              }
            }
          }
          for (JsonNode app : cluster.masterState().get("activeapps")) {
            if (killedApp.equals(app.get("id").asText())) {
              return false;
            }
          }
          return true;
        },
        () ->
            "executors: "
                + cluster.executorProcesses("worker-1")
                + cluster.executorProcesses("worker-2"));
    LOG.info(
        "killed the driver of {} after {} of {} results; its executors were gone {} s later",
        killedApp,
        finishedBefore.size(),
        total,
        String.format("%.1f", (System.nanoTime() - killedAt) / 1e9));

    Set<String> appsBeforeRerun = cluster.executorDirs().keySet();
    Path rerunLog = dir.resolve("driver-kill-rerun.log");
    Process rerun = startDriver(command, rerunLog);

    // A trial that has started its epoch in some executor of the resubmitted application and not
    // finished there: the last "Epoch 1" line of a log without that trial's "Epoch 1/1: train
    // loss" line or result. Its epoch takes seconds (200 images in an executor JVM just started),
    // against the 100 ms this test polls the logs at, so the kill lands inside it.
    Pattern started =
        Pattern.compile(
            "TrialTrainer \\[trial ([^\\]\\s]+)\\]: Epoch 1: LearningRateScheduler setting learning rate to ");
    ExecutorLog[] victim = new ExecutorLog[1];
    String[] trial = new String[1];
    await(
        "an executor of the resubmitted application training a trial",
        Duration.ofSeconds(180),
        () -> {
          assertTrue(
              rerun.isAlive(), () -> "resubmission ended before any trial trained: " + read(rerunLog));
          Optional<String> app = newAppIfAny(appsBeforeRerun);
          if (app.isEmpty()) {
            return false;
          }
          for (ExecutorLog log : executorLogs(app.get())) {
            String last = null;
            for (Matcher m = started.matcher(log.text()); m.find(); ) {
              last = m.group(1);
            }
            if (last != null
                && !log.text().contains("[trial " + last + "]: Epoch 1/1: train loss")
                && !resultsById(out).containsKey(last)) {
              victim[0] = log;
              trial[0] = last;
              return true;
            }
          }
          return false;
        },
        () -> read(rerunLog));
    ExecutorLog killed = victim[0];
    String killedTrial = trial[0];
    ProcessHandle executor = executorProcess(killed);
    executor.destroyForcibly(); // SIGKILL
    executor.onExit().get(30, TimeUnit.SECONDS);
    long executorKilledAt = System.nanoTime();
    LOG.info(
        "killed executor {} (pid {}) while it trained trial {}",
        killed.dir(),
        executor.pid(),
        killedTrial);

    assertTrue(
        rerun.waitFor(SWEEP_LIMIT.toSeconds(), TimeUnit.SECONDS),
        "resubmission ended: " + read(rerunLog));
    String rerunOutput = read(rerunLog);
    LOG.info(
        "the resubmission ended {} s after the executor kill; executors of {}: {}",
        String.format("%.1f", (System.nanoTime() - executorKilledAt) / 1e9),
        killed.appId(),
        executorLogs(killed.appId()));
    assertEquals(0, rerun.exitValue(), "resubmission exit code; output:\n" + rerunOutput);
    assertTrue(rerunOutput.contains("spark-internal"), "ran through spark-submit: " + rerunOutput);
    assertTrue(
        rerunOutput.contains("(" + finishedBefore.size() + " already done in "),
        "the rerun reports what it skips: " + rerunOutput);

    Map<String, JsonNode> results = resultsById(out);
    List<String> lines = resultLines(out);
    assertEquals(total, results.size(), "every trial has a result: " + results.keySet());
    assertEquals(total, lines.size(), "one line per trial, none twice: " + lines);
    // The labels the grid above defines, one per learning rate.
    assertEquals(
        Set.of(
            "constant(lr=0.001)",
            "constant(lr=0.002)",
            "constant(lr=0.003)",
            "constant(lr=0.005)",
            "constant(lr=0.007)",
            "constant(lr=0.01)"),
        results.values().stream().map(n -> n.get("label").asText()).collect(Collectors.toSet()));
    results.forEach((id, n) -> assertEquals("COMPLETED", n.get("status").asText(), id + ": " + n));
    List<String> ranking = Files.readAllLines(out.resolve("trials.csv"));
    assertEquals(1 + total, ranking.size(), "header and every trial ranked: " + ranking);
    assertEquals(
        results.keySet(),
        ranking.stream().skip(1).map(l -> l.split(",")[1]).collect(Collectors.toSet()),
        "ranked ids");
    assertTrue(rerunOutput.contains("Trials by final test accuracy"), rerunOutput);

    Set<String> rest = new TreeSet<>(results.keySet());
    rest.removeAll(finishedBefore);
    assertTrue(rest.contains(killedTrial), "the killed trial " + killedTrial + " was one of " + rest);
    String rerunApp = newApp(appsBeforeRerun);
    assertEquals(rerunApp, killed.appId(), "the executor killed belonged to the resubmission");
    List<ExecutorLog> logs = executorLogs(rerunApp);
    Map<String, Set<String>> trialsByWorker = new TreeMap<>();
    Map<String, Integer> executorsByTrial = new TreeMap<>();
    for (ExecutorLog log : logs) {
      trialsByWorker.computeIfAbsent(log.worker(), k -> new TreeSet<>()).addAll(log.trials());
      log.trials().forEach(id -> executorsByTrial.merge(id, 1, Integer::sum));
    }
    assertEquals(
        rest, executorsByTrial.keySet(), "the resubmission trained exactly the unfinished trials");
    for (String id : rest) {
      assertEquals(
          id.equals(killedTrial) ? 2 : 1,
          executorsByTrial.get(id),
          "executors that ran trial " + id + " (the killed " + killedTrial
              + " in the killed one and one other, every other trial in one): " + logs);
    }
    assertEquals(
        Set.of("worker-1", "worker-2"),
        trialsByWorker.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet()),
        "workers whose executors ran trials: " + trialsByWorker);

    // The killed executor stopped inside the trial; another executor ran it from the start.
    String killedLog = read(killed.dir().resolve("stderr"));
    assertTrue(killedLog.contains("[trial " + killedTrial + "]"), killedLog);
    assertFalse(
        killedLog.contains("[trial " + killedTrial + "]: Epoch 1/1: train loss"),
        "the kill landed after trial " + killedTrial + " finished training:\n" + killedLog);
    List<Path> reran =
        logs.stream()
            .filter(l -> !l.dir().equals(killed.dir()) && l.trials().contains(killedTrial))
            .map(ExecutorLog::dir)
            .toList();
    assertEquals(
        1, reran.size(), "trial " + killedTrial + " ran again in one other executor: " + logs);
    assertTrue(
        read(reran.get(0).resolve("stderr"))
            .contains("[trial " + killedTrial + "]: Epoch 1/1: train loss"),
        "the rerun of " + killedTrial + " trained its epoch");

    for (ExecutorLog log : logs) {
      if (log.trials().isEmpty()) {
        continue;
      }
      Matcher read = READ_FROM.matcher(log.text());
      assertTrue(read.find(), "executor " + log.dir() + " ran trials but never decoded CIFAR-10");
      Path file = Path.of(read.group(2));
      assertNotEquals(
          archive.toRealPath(), file.toRealPath(), "read the driver's file, not a copy");
      assertEquals(
          log.dir().toRealPath(),
          file.toRealPath().getParent(),
          "executor " + log.dir() + " read its SparkFiles copy (its working directory)");
      assertEquals(Files.size(archive), Files.size(file), "the copy is the whole archive");
      assertFalse(read.find(), "one decode per executor JVM: " + log.dir());
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** scripts/submit.sh against this cluster, from the test class path, then `run` arguments. */
  private List<String> submitCommand(Path config, String... sweepArgs) {
    List<String> command =
        new ArrayList<>(
            List.of(
                cluster.root.resolve("scripts/submit.sh").toString(),
                "--master",
                cluster.masterUrl(),
                "--app-classpath",
                "@" + appClasspath,
                "--driver-memory",
                "1g",
                "--conf",
                "spark.executor.memory=1500m",
                // Start only once both executors are registered (2 cores of 2), or the first
                // executor up
                // would take the first trials alone.
                "--conf",
                "spark.cores.max=2",
                "--conf",
                "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf",
                "spark.scheduler.maxRegisteredResourcesWaitingTime=120s",
                "--conf",
                "spark.ui.enabled=false",
                "--",
                "--config",
                config.toString(),
                "--status-every",
                "0"));
    command.addAll(Arrays.asList(sweepArgs));
    return command;
  }

  private Process startDriver(List<String> command, Path log) throws IOException {
    Process driver = cluster.startCommand(command, log);
    drivers.add(driver);
    seenPids.add(driver.pid());
    return driver;
  }

  /** A tiny sweep: train_limit images for some epochs, 100 test images, batch 32, 1 thread. */
  private Path writeConfig(String name, Path out, int trainLimit, int epochs, String grid)
      throws IOException {
    String conf =
        """
        data { path = "%s", train_limit = %d, test_limit = 100 }
        training { epochs = %d, batch_size = 32 }
        seed = 7
        threads = 1
        out = "%s"
        grid = [
          %s
        ]
        """
            .formatted(archive, trainLimit, epochs, out, grid);
    Path file = dir.resolve(name + ".conf");
    Files.writeString(file, conf);
    return file;
  }

  /**
   * The application's class path: this JVM's (surefire sets java.class.path to the module's test
   * class path) less the test classes and test-only jars.
   */
  private static Path writeAppClasspath(Path file) throws IOException {
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
            .filter(
                e -> {
                  String name = Path.of(e).getFileName().toString();
                  return !(name.startsWith("junit-")
                      || name.startsWith("opentest4j")
                      || name.startsWith("apiguardian")
                      || name.startsWith("surefire"));
                })
            .collect(Collectors.joining(java.io.File.pathSeparator));
    assertTrue(
        classpath.contains("sweep-worker"), "the class path lacks sweep-worker: " + classpath);
    Files.writeString(file, classpath);
    return file;
  }

  /** What one executor of one application logged, found in its worker's work dir. */
  private record ExecutorLog(String worker, String appId, Path dir, String text) {
    Set<String> trials() {
      Set<String> ids = new TreeSet<>();
      Matcher m = TRIAL_TAG.matcher(text);
      while (m.find()) {
        ids.add(m.group(1));
      }
      return ids;
    }

    @Override
    public String toString() {
      return worker + "/" + appId + "/" + dir.getFileName() + " ran " + trials();
    }
  }

  private List<ExecutorLog> executorLogs(String appId) throws IOException {
    List<ExecutorLog> logs = new ArrayList<>();
    for (Path executor : cluster.executorDirs().getOrDefault(appId, List.of())) {
      String worker = executor.getParent().getParent().getFileName().toString();
      logs.add(new ExecutorLog(worker, appId, executor, read(executor.resolve("stderr"))));
    }
    return logs;
  }

  /** The JVM of the executor that writes {@code log}: a child of its worker, by its arguments. */
  private ProcessHandle executorProcess(ExecutorLog log) {
    String executorId = log.dir().getFileName().toString();
    Map<ProcessHandle, String> candidates = cluster.executorProcesses(log.worker());
    List<ProcessHandle> matching =
        candidates.entrySet().stream()
            .filter(
                e ->
                    e.getValue().contains("--executor-id " + executorId + " ")
                        && e.getValue().contains("--app-id " + log.appId()))
            .map(Map.Entry::getKey)
            .toList();
    assertEquals(
        1,
        matching.size(),
        "executor "
            + executorId
            + " of "
            + log.appId()
            + " among "
            + log.worker()
            + "'s children "
            + candidates.values());
    seenPids.add(matching.get(0).pid());
    return matching.get(0);
  }

  private Optional<String> newAppIfAny(Set<String> before) throws IOException {
    Set<String> apps = new TreeSet<>(cluster.executorDirs().keySet());
    apps.removeAll(before);
    assertTrue(apps.size() <= 1, "one new application expected, found " + apps);
    return apps.stream().findFirst();
  }

  private String newApp(Set<String> before) throws IOException {
    return newAppIfAny(before)
        .orElseThrow(
            () ->
                new AssertionError("no new application in the workers' work dirs; had " + before));
  }

  /**
   * The lines of results.jsonl. Every line must parse, except a last line without its newline:
   * one being written while the test polls, or cut by kill -9 (the store repairs it on resume).
   */
  private static List<String> resultLines(Path out) throws IOException {
    Path file = out.resolve("results.jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
    lines.remove(lines.size() - 1); // "" after the final newline, or an unfinished line
    int n = 0;
    for (String line : lines) {
      n++;
      try {
        JSON.readTree(line);
      } catch (IOException e) {
        throw new AssertionError(file + " line " + n + " does not parse: " + line, e);
      }
    }
    return lines;
  }

  /** Results by trial id; fails on a trial id recorded twice. */
  private static Map<String, JsonNode> resultsById(Path out) throws IOException {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (String line : resultLines(out)) {
      JsonNode node = JSON.readTree(line);
      JsonNode earlier = byId.put(node.get("trial_id").asText(), node);
      assertTrue(
          earlier == null, "trial " + node.get("trial_id").asText() + " recorded twice in " + out);
    }
    return byId;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file)
          ? Files.readString(file, StandardCharsets.ISO_8859_1)
          : "(no " + file + ")";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  /** A check that may throw, polled under {@link #await}. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} every 100 ms until it holds; fails after {@code limit}. */
  private static void await(
      String what, Duration limit, Condition condition, Supplier<String> context) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "no " + what + " within " + limit.toSeconds() + " s; " + context.get());
      }
      Thread.sleep(100); // the poll interval under the deadline above
    }
  }
}
