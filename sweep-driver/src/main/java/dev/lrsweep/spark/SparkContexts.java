package dev.lrsweep.spark;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the sweep's Spark context.
 *
 * <p>The application sets its name, {@code spark.task.cpus} and nothing about resources: master,
 * memory and executors come from {@code spark-submit} (which passes them as {@code spark.*} system
 * properties that {@link SparkConf} reads), or from {@code sweep run --master}, defaulting to
 * {@code local[*]}.
 *
 * <p>{@code spark.task.cpus} = threads per trial. Local mode honours it as a cluster does: in Spark
 * 3.5.9, {@code LocalEndpoint.reviveOffers} offers its free cores and subtracts {@code
 * TaskSchedulerImpl.CPUS_PER_TASK} for each task it launches, so {@code local[4]} with 2 threads
 * per trial runs two trials at once. Spark itself rejects a value larger than the cores of an
 * executor ("The number of cores per executor (=2) has to be >= the number of cpus per task = 3").
 *
 * <p>Loopback in local mode: the driver's RPC endpoint and block manager bind to 127.0.0.1 ({@code
 * spark.driver.bindAddress}, {@code spark.driver.host}) unless already configured. The web UI
 * cannot be kept on loopback by configuration: {@code WebUI.bind} in 3.5.9 listens on the
 * environment variable {@code SPARK_LOCAL_IP}, else on all interfaces ({@code 0.0.0.0}); no {@code
 * spark.ui.*} key chooses the address. So a local run that wants the UI private exports {@code
 * SPARK_LOCAL_IP=127.0.0.1}; tests turn the UI off ({@link SparkSettings#uiEnabled()}). None of
 * this is applied to a non-local master, where executors must reach the driver.
 *
 * <p>{@code spark.executor.heartbeatInterval} becomes {@value #HEARTBEAT_INTERVAL} unless configured
 * (see {@link #HEARTBEAT_INTERVAL}).
 *
 * <p>Spark on Java 17 also needs the {@code --add-opens} JVM flags (root pom {@code java17.opens},
 * {@code scripts/sweep}); they are JVM options, not Spark configuration.
 */
public final class SparkContexts {
  private static final Logger LOG = LoggerFactory.getLogger(SparkContexts.class);

  /** The master used when neither the caller nor {@code spark-submit} names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  static final String LOOPBACK = "127.0.0.1";

  /**
   * {@code spark.executor.heartbeatInterval} unless configured: heartbeats carry the epochs of
   * running trials to the driver ({@link EpochAccumulator}), and Spark's 10 s default would delay
   * each epoch line by up to that much. A heartbeat of a few KB every 3 s per executor is nothing
   * next to a trial's training.
   */
  public static final String HEARTBEAT_INTERVAL = "3s";

  private SparkContexts() {}

  /** Starts a context with {@link #configure} applied to the JVM's {@code spark.*} properties. */
  public static JavaSparkContext start(SparkSettings settings) {
    SparkConf conf = configure(settings, new SparkConf());
    String master = conf.get("spark.master");
    if (isLocal(master) && settings.uiEnabled() && System.getenv("SPARK_LOCAL_IP") == null) {
      LOG.info(
          "The Spark UI listens on all interfaces; export SPARK_LOCAL_IP={} to keep it on loopback",
          LOOPBACK);
    }
    requireRoomForOneTrial(conf);
    LOG.info("Starting Spark: master {}, spark.task.cpus {}", master, conf.get("spark.task.cpus"));
    return new JavaSparkContext(conf);
  }

  /**
   * Refuses a configuration in which no trial could ever be scheduled: Spark waits forever,
   * silently, for an executor with {@code spark.task.cpus} free cores. Checked where the cores of
   * one executor are known before start: local masters and an explicit {@code
   * spark.executor.cores}. (A standalone cluster without {@code spark.executor.cores} gives each
   * executor all of a worker's cores, unknown until executors register.)
   *
   * @throws IllegalArgumentException naming the threads, the cores and the settings to change
   */
  static void requireRoomForOneTrial(SparkConf conf) {
    int taskCpus = conf.getInt("spark.task.cpus", 1);
    String master = conf.get("spark.master", "");
    OptionalInt cores = OptionalInt.empty();
    String where = "";
    if (isLocal(master)) {
      cores = OptionalInt.of(localCores(master));
      where = "master " + master;
    } else if (conf.contains("spark.executor.cores")) {
      cores = OptionalInt.of(conf.getInt("spark.executor.cores", 1));
      where = "spark.executor.cores";
    }
    if (cores.isPresent() && cores.getAsInt() < taskCpus) {
      throw new IllegalArgumentException(
          "threads per trial (spark.task.cpus) is "
              + taskCpus
              + " but an executor has "
              + cores.getAsInt()
              + " core"
              + (cores.getAsInt() == 1 ? "" : "s")
              + " ("
              + where
              + "), so no trial could ever start; set threads to at most "
              + cores.getAsInt()
              + " (--set threads="
              + cores.getAsInt()
              + ") or give executors more cores");
    }
  }

  /** Cores of a local master: local = 1, local[N] = N, local[*] = the machine's processors. */
  static int localCores(String master) {
    String m = master.trim().toLowerCase(Locale.ROOT);
    if (m.equals("local")) {
      return 1;
    }
    String inside = m.substring("local[".length(), m.indexOf(']'));
    String threads = inside.split(",")[0].trim();
    return threads.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
  }

  /**
   * The sweep's settings applied to {@code base} (which holds what {@code spark-submit} or the user
   * configured): name, master if given or missing, {@code spark.task.cpus}, loopback addresses in
   * local mode, and the UI switch. Returns {@code base}.
   */
  public static SparkConf configure(SparkSettings settings, SparkConf base) {
    base.setAppName(settings.appName());
    Optional<String> master = settings.master();
    if (master.isPresent()) {
      base.setMaster(master.get());
    } else if (!base.contains("spark.master")) {
      base.setMaster(DEFAULT_MASTER);
    }
    String cpus = Integer.toString(settings.threadsPerTrial());
    if (base.contains("spark.task.cpus") && !base.get("spark.task.cpus").equals(cpus)) {
      // The sweep's threads setting wins: a trial really uses that many threads, and Spark must
      // reserve that many cores for it, or trials would oversubscribe the executors.
      LOG.warn(
          "spark.task.cpus was {}, set to {} = threads per trial",
          base.get("spark.task.cpus"),
          cpus);
    }
    base.set("spark.task.cpus", cpus);
    if (isLocal(base.get("spark.master"))) {
      base.setIfMissing("spark.driver.bindAddress", LOOPBACK);
      base.setIfMissing("spark.driver.host", LOOPBACK);
    }
    if (!settings.uiEnabled()) {
      base.set("spark.ui.enabled", "false");
    }
    // Spark requires spark.network.timeout > the heartbeat interval; a user who set a timeout of
    // 3 s or less keeps Spark's default interval (and Spark's own check of the two).
    if (!base.contains("spark.executor.heartbeatInterval")
        && base.getTimeAsMs("spark.network.timeout", "120s") > base.getTimeAsMs("spark.executor.heartbeatInterval", HEARTBEAT_INTERVAL)) {
      base.set("spark.executor.heartbeatInterval", HEARTBEAT_INTERVAL);
    }
    return base;
  }

  /**
   * Whether {@code master} runs executors inside the driver JVM ({@code local}, {@code
   * local[4]}...).
   */
  static boolean isLocal(String master) {
    String m = master.trim().toLowerCase(Locale.ROOT);
    return m.equals("local") || m.startsWith("local[");
  }
}
