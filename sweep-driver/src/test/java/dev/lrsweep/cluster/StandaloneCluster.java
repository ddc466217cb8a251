package dev.lrsweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone cluster started by {@code scripts/standalone-cluster.sh} on free loopback ports and
 * with its own run directory, so it never meets a cluster a developer already runs (default ports
 * 7077/8080). Knows the processes the script recorded and asks the daemons' web UIs what they see.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneCluster.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path root;
  final Path runDir;
  final int masterPort;
  final int masterUiPort;
  final List<Integer> workerUiPorts;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NORMAL).build();
  private Map<String, Long> started = Map.of();

  StandaloneCluster(Path root, Path runDir) {
    this.root = root;
    this.runDir = runDir;
    int[] ports = freePorts(4);
    this.masterPort = ports[0];
    this.masterUiPort = ports[1];
    this.workerUiPorts = List.of(ports[2], ports[3]);
  }

  /** The project root the tests run in (surefire sets lrsweep.project.root). */
  static Path projectRoot() {
    String root = System.getProperty("lrsweep.project.root");
    Path path = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    if (!Files.isRegularFile(path.resolve("scripts/standalone-cluster.sh"))) {
      throw new IllegalStateException(
          "expected scripts/standalone-cluster.sh under the project root, found none in " + path
              + " (lrsweep.project.root=" + root + ")");
    }
    return path;
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** Environment that points the scripts at this cluster. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LRSWEEP_CLUSTER_RUN_DIR", runDir.toString());
    // Drivers started from these commands bind to loopback, like the cluster.
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("LRSWEEP_CLUSTER_MASTER_PORT", Integer.toString(masterPort));
    env.put("LRSWEEP_CLUSTER_MASTER_UI_PORT", Integer.toString(masterUiPort));
    env.put("LRSWEEP_CLUSTER_WORKER_UI_PORTS", workerUiPorts.get(0) + " " + workerUiPorts.get(1));
    env.put("LRSWEEP_CLUSTER_WORKER_CORES", "1");
    env.put("LRSWEEP_CLUSTER_WORKER_MEMORY", "2g");
    env.put("LRSWEEP_CLUSTER_START_TIMEOUT", "75");
    return env;
  }

  /** Runs {@code standalone-cluster.sh start}; returns once the master reports both workers ALIVE. */
  void start() throws IOException, InterruptedException {
    Script result = script(Duration.ofSeconds(110), "start");
    started = readPids();
    if (result.exitCode != 0) {
      throw new IllegalStateException(
          "standalone-cluster.sh start exited " + result.exitCode + ", expected 0; output:\n" + result.output);
    }
    LOG.info("cluster up: {} pids {}", masterUrl(), started);
  }

  /** Runs {@code standalone-cluster.sh stop}. */
  Script stop() throws IOException, InterruptedException {
    return script(Duration.ofSeconds(60), "stop");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
  }

  /** role (master, worker-1, worker-2) to pid, as {@code start} recorded them. */
  Map<String, Long> startedPids() {
    return started;
  }

  Path workDir(String worker) {
    return runDir.resolve("work").resolve(worker);
  }

  /** The master's /json. */
  JsonNode masterState() throws IOException, InterruptedException {
    return getJson(masterUiPort);
  }

  /** The /json of worker-1 or worker-2. */
  JsonNode workerState(String worker) throws IOException, InterruptedException {
    int index = Integer.parseInt(worker.substring(worker.lastIndexOf('-') + 1)) - 1;
    return getJson(workerUiPorts.get(index));
  }

  private JsonNode getJson(int port) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + request.uri() + " answered " + response.statusCode() + ", expected 200");
    }
    return JSON.readTree(response.body());
  }

  private Map<String, Long> readPids() throws IOException {
    Path pidFile = runDir.resolve("pids");
    Map<String, Long> pids = new LinkedHashMap<>();
    if (!Files.exists(pidFile)) {
      return pids;
    }
    for (String line : Files.readAllLines(pidFile, StandardCharsets.UTF_8)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2) {
        pids.put(parts[1], Long.parseLong(parts[0]));
      }
    }
    return pids;
  }

  /** What a script run printed and how it ended. */
  record Script(int exitCode, String output) {}

  Script script(Duration limit, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("scripts/standalone-cluster.sh").toString());
    command.addAll(List.of(args));
    return run(command, limit);
  }

  /** Runs a command in the project root with this cluster's environment, output to a file. */
  Script run(List<String> command, Duration limit) throws IOException, InterruptedException {
    Files.createDirectories(runDir);
    Path log = Files.createTempFile(runDir, "script-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().putAll(env());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      throw new IllegalStateException(
          String.join(" ", command) + " still ran after " + limit.toSeconds() + " s; output:\n"
              + Files.readString(log));
    }
    String output = Files.readString(log);
    LOG.info("{} -> {}\n{}", String.join(" ", command), process.exitValue(), output);
    return new Script(process.exitValue(), output);
  }

  /**
   * Starts a command in the project root with this cluster's environment, output to {@code log},
   * and returns at once (for commands a test kills midway).
   */
  Process startCommand(List<String> command, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().putAll(env());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    LOG.info("starting {} (output in {})", String.join(" ", command), log);
    return builder.start();
  }

  /**
   * The executor JVMs {@code worker} runs now: its child processes whose command line names
   * Spark's {@code CoarseGrainedExecutorBackend}, by their command line.
   */
  Map<ProcessHandle, String> executorProcesses(String worker) {
    Long pid = started.get(worker);
    if (pid == null) {
      throw new IllegalStateException("no " + worker + " among the started daemons " + started);
    }
    Map<ProcessHandle, String> executors = new LinkedHashMap<>();
    ProcessHandle.of(pid).ifPresent(w -> w.children().forEach(child -> {
      String commandLine = commandLine(child.pid());
      if (commandLine.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
        executors.put(child, commandLine);
      }
    }));
    return executors;
  }

  /** A process's command line from /proc, arguments joined by spaces; empty once it is gone. */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException gone) {
      return "";
    }
  }

  /**
   * The executor working directories of every application the workers have run, {@code <work
   * dir>/<app id>/<executor id>}, grouped by app id.
   */
  Map<String, List<Path>> executorDirs() throws IOException {
    Map<String, List<Path>> byApp = new TreeMap<>();
    for (String worker : List.of("worker-1", "worker-2")) {
      Path work = workDir(worker);
      if (!Files.isDirectory(work)) {
        continue;
      }
      try (var apps = Files.list(work)) {
        for (Path app : apps.filter(Files::isDirectory).toList()) {
          try (var executors = Files.list(app)) {
            for (Path executor : executors.filter(Files::isDirectory).sorted().toList()) {
              byApp
                  .computeIfAbsent(app.getFileName().toString(), k -> new ArrayList<>())
                  .add(executor);
            }
          }
        }
      }
    }
    return byApp;
  }

  private static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("could not reserve " + n + " free loopback ports", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          LOG.debug("closing a probe socket", e);
        }
      }
    }
  }
}
