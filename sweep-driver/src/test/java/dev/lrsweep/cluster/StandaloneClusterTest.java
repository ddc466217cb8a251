package dev.lrsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import dev.lrsweep.spark.EpochsBeforeResults;
import dev.lrsweep.spark.SparkContexts;
import dev.lrsweep.spark.SparkSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a real standalone cluster (master and two workers on loopback) with
 * {@code scripts/standalone-cluster.sh}, runs a job from this JVM as the driver, and checks that
 * its tasks ran in executor JVMs launched by both workers; then runs the sweep itself on the same
 * cluster ({@link SweepOnClusterTest}, a {@code @Nested} group: one cluster start per test JVM,
 * not one per class); then stops the cluster and checks that every process it started or the
 * tests saw is gone.
 */
@Tag("cluster")
class StandaloneClusterTest {
  @TempDir static Path runDir;
  private static StandaloneCluster cluster;
  private static Path probeJar;
  /**
   * Executor JVM pids seen by the tasks, and the drivers and executors the sweeps saw, to check
   * after stop that they are gone too.
   */
  private static final Set<Long> executorPids = new HashSet<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new StandaloneCluster(StandaloneCluster.projectRoot(), runDir);
    cluster.start();
    probeJar = probeJar(runDir.resolve("probe.jar"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster == null) {
      return;
    }
    StandaloneCluster.Script stopped = cluster.stop();
    assertEquals(0, stopped.exitCode(), "standalone-cluster.sh stop exit code; output:\n" + stopped.output());
    Set<Long> ours = new TreeSet<>(cluster.startedPids().values());
    ours.addAll(executorPids);
    // stop waits for the processes itself; the deadline only covers the kernel reaping them.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    for (long pid : ours) {
      Optional<ProcessHandle> handle = ProcessHandle.of(pid);
      if (handle.isPresent()) {
        long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        try {
          handle.get().onExit().get(left, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // reported below with every survivor
        }
      }
    }
    Set<Long> alive = alive(ours);
    assertTrue(alive.isEmpty(), "processes still alive after stop: " + alive + " of " + ours);
    assertEquals(3, cluster.startedPids().size(),
        "start should have recorded master, worker-1, worker-2, found " + cluster.startedPids());
  }

  /**
   * The sweep submitted to this cluster, after the tests above: {@link SweepsOnTheCluster}'s tests,
   * their files under this cluster's run dir, every process they see or start checked by {@link
   * #stopCluster} with the cluster's own.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SweepOnClusterTest extends SweepsOnTheCluster {
    SweepOnClusterTest() throws IOException {
      super(cluster, runDir.resolve("sweeps"), executorPids);
    }
  }

  private static Set<Long> alive(Set<Long> pids) {
    return pids.stream()
        .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void bothWorkersAreAliveInTheMastersView() throws Exception {
    JsonNode master = cluster.masterState();
    assertEquals(cluster.masterUrl(), master.get("url").asText());
    Set<String> aliveUis = new TreeSet<>();
    for (JsonNode worker : master.get("workers")) {
      if ("ALIVE".equals(worker.get("state").asText())) {
        aliveUis.add(worker.get("webuiaddress").asText());
        assertEquals("127.0.0.1", worker.get("host").asText(), "worker bound off loopback: " + worker);
        assertEquals(1, worker.get("cores").asInt(), "cores per worker: " + worker);
      }
    }
    Set<String> expected = new TreeSet<>();
    for (int port : cluster.workerUiPorts) {
      expected.add("http://127.0.0.1:" + port);
    }
    assertEquals(expected, aliveUis, "ALIVE workers' web UIs in the master's /json");
  }

  /**
   * A job from this JVM as the driver, with the sweep's own Spark settings (heartbeat interval
   * included): its tasks run in executor JVMs launched by both workers and listed by them, and
   * epochs of trials running in those executors reach this driver through heartbeats before the
   * trials' results. One application for both checks, since starting one costs 15-20 s of the
   * 2-core machine. The executors load the test's classes from this JVM's class path (they are on
   * this machine); shipping a jar to executors is what {@link
   * #sparkSubmitOfTheMinimalHomeRunsAnAppOnBothWorkers} checks, whose executors have only the jar.
   */
  @Test
  void tasksRunInExecutorsOnBothWorkersAndTheirEpochsReachTheDriverBeforeTheirResults()
      throws Exception {
    SparkConf conf =
        new SparkConf()
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.executor.memory", "512m")
            .set("spark.cores.max", "2")
            .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
            .set("spark.executor.extraJavaOptions", java17Options());
    SparkContexts.configure(
        new SparkSettings("lrsweep-cluster-probe", Optional.of(cluster.masterUrl()), 1, false), conf);
    assertEquals(SparkContexts.HEARTBEAT_INTERVAL, conf.get("spark.executor.heartbeatInterval"));
    List<TaskPlace> places;
    String appId;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      appId = sc.sc().applicationId();
      ProbeApp.awaitExecutors(sc, 2, Duration.ofSeconds(60));
      places = ProbeApp.run(sc);
      // The worker /json lists the app's running executors only while the app runs.
      assertExecutorsListedByTheirWorkers(appId, places);
      EpochsBeforeResults.check(sc, runDir.resolve("epochs-" + appId), 2);
    }
    assertRanOnBothWorkers(appId, places);
  }

  /** The same probe as an application, through the minimal home's bin/spark-submit. */
  @Test
  void sparkSubmitOfTheMinimalHomeRunsAnAppOnBothWorkers() throws Exception {
    Path home = Path.of(cluster.script(Duration.ofSeconds(60), "home").output().lines()
        .reduce((first, second) -> second).orElseThrow().trim());
    List<String> command = List.of(
        home.resolve("bin/spark-submit").toString(),
        "--master", cluster.masterUrl(),
        "--class", ProbeApp.class.getName(),
        "--driver-memory", "512m",
        "--driver-java-options", "-Dlrsweep.test.marker=1",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=512m",
        "--conf", "spark.executor.extraJavaOptions=" + java17Options(),
        probeJar.toString(),
        "2");
    StandaloneCluster.Script submitted = cluster.run(command, Duration.ofSeconds(100));
    assertEquals(0, submitted.exitCode(), "spark-submit exit code; output:\n" + submitted.output());
    List<TaskPlace> places = new ArrayList<>();
    Set<String> appIds = new TreeSet<>();
    for (String line : submitted.output().lines().filter(l -> l.startsWith("place ")).toList()) {
      String[] f = line.split(" ", 8);
      appIds.add(f[1]);
      places.add(new TaskPlace(Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4],
          Long.parseLong(f[5]), Long.parseLong(f[6]), f[7], "?"));
    }
    assertEquals(1, appIds.size(), "one application id in the output, found " + appIds + ":\n" + submitted.output());
    assertRanOnBothWorkers(appIds.iterator().next(), places);
  }

  /**
   * Every partition ran once, in two executor JVMs (not this one), each started by one of the
   * two workers we started and working under that worker's work dir.
   */
  private static void assertRanOnBothWorkers(String appId, List<TaskPlace> places) throws IOException {
    places.forEach(p -> executorPids.add(p.pid()));
    int partitions = ProbeApp.PARTITIONS;
    int elements = ProbeApp.ELEMENTS;
    assertEquals(partitions, places.size(), "one TaskPlace per partition: " + places);
    assertEquals(
        IntStream.range(0, partitions).boxed().collect(Collectors.toSet()),
        places.stream().map(TaskPlace::partition).collect(Collectors.toSet()));
    // Spark slices n elements into p partitions as [i*n/p, (i+1)*n/p): 100 in 8 is 12 or 13 each.
    for (TaskPlace p : places) {
      int expected = (p.partition() + 1) * elements / partitions - p.partition() * elements / partitions;
      assertEquals(expected, p.elements(), "elements of partition " + p.partition());
    }

    Map<String, Set<TaskPlace>> byExecutor = new TreeMap<>();
    places.forEach(p -> byExecutor.computeIfAbsent(p.executorId(), k -> new HashSet<>()).add(p));
    assertEquals(2, byExecutor.size(), "tasks should run on 2 executors, found " + byExecutor.keySet());
    assertFalse(byExecutor.containsKey("driver"), "a task ran in the driver: " + places);

    long self = ProcessHandle.current().pid();
    Map<Long, String> workerByPid = new HashMap<>();
    cluster.startedPids().forEach((role, pid) -> workerByPid.put(pid, role));
    Set<String> workersUsed = new TreeSet<>();
    for (Map.Entry<String, Set<TaskPlace>> e : byExecutor.entrySet()) {
      Set<Long> pids = e.getValue().stream().map(TaskPlace::pid).collect(Collectors.toSet());
      assertEquals(1, pids.size(), "executor " + e.getKey() + " ran in JVMs " + pids + ", expected one");
      TaskPlace any = e.getValue().iterator().next();
      assertNotEquals(self, any.pid(), "executor " + e.getKey() + " is the test JVM");
      String worker = workerByPid.get(any.parentPid());
      assertTrue(worker != null && worker.startsWith("worker-"),
          "executor " + e.getKey() + " (pid " + any.pid() + ") has parent pid " + any.parentPid()
              + ", expected one of the workers " + cluster.startedPids());
      // A worker runs each executor in <work dir>/<app id>/<executor id>.
      Path expectedDir = cluster.workDir(worker).resolve(appId).resolve(e.getKey());
      assertEquals(expectedDir.toRealPath(), Path.of(any.userDir()).toRealPath(),
          "working directory of executor " + e.getKey());
      workersUsed.add(worker);
    }
    assertEquals(Set.of("worker-1", "worker-2"), workersUsed, "workers that ran tasks");
  }

  /** Each executor the tasks name is listed, for this app, by exactly the worker that started it. */
  private static void assertExecutorsListedByTheirWorkers(String appId, List<TaskPlace> places)
      throws Exception {
    Map<String, String> workerOfExecutor = new TreeMap<>();
    for (String worker : List.of("worker-1", "worker-2")) {
      for (JsonNode executor : cluster.workerState(worker).get("executors")) {
        if (appId.equals(executor.get("appid").asText())) {
          workerOfExecutor.put(executor.get("id").asText(), worker);
        }
      }
    }
    Set<String> seen = places.stream().map(TaskPlace::executorId).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(seen, workerOfExecutor.keySet(), "executors of " + appId + " in the workers' /json");
    assertEquals(2, new HashSet<>(workerOfExecutor.values()).size(),
        "executors per worker in the workers' /json: " + workerOfExecutor);
  }

  /** The Java 17 options, from the same file the scripts use. */
  private static String java17Options() throws IOException {
    Path file = cluster.root.resolve("scripts/cluster/java17-opens");
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.joining(" "));
  }

  /**
   * A jar with the probe's classes, the application jar of the spark-submit test: spark-submit
   * ships it to the executors through spark.jars.
   */
  private static Path probeJar(Path jar) throws IOException, URISyntaxException {
    Path classes = Path.of(ExecutorProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> shipped = new ArrayList<>(List.of(ProbeApp.class, ExecutorProbe.class, TaskPlace.class));
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Class<?> type : shipped) {
        String entry = type.getName().replace('.', '/') + ".class";
        jarOut.putNextEntry(new JarEntry(entry));
        jarOut.write(Files.readAllBytes(classes.resolve(entry)));
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}
