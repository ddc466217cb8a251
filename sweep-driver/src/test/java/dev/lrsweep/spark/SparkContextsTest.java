package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The configuration the sweep applies; no context is started. */
class SparkContextsTest {

  private static SparkConf empty() {
    return new SparkConf(false); // not reading spark.* system properties
  }

  @Test
  void outsideSparkSubmitTheMasterDefaultsToLocalWithLoopbackAddresses() {
    SparkConf conf = SparkContexts.configure(SparkSettings.of(Optional.empty(), 2), empty());
    assertEquals("local[*]", conf.get("spark.master"));
    assertEquals("lrsweep", conf.get("spark.app.name"));
    assertEquals("2", conf.get("spark.task.cpus"));
    assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
    assertEquals("127.0.0.1", conf.get("spark.driver.host"));
    assertFalse(conf.contains("spark.ui.enabled"), "the UI is left to Spark's default");
  }

  @Test
  void aMasterFromSparkSubmitIsKeptAndGetsNoLoopbackBinding() {
    SparkConf submitted =
        empty().set("spark.master", "spark://head:7077").set("spark.executor.memory", "8g");
    SparkConf conf = SparkContexts.configure(SparkSettings.of(Optional.empty(), 4), submitted);
    assertEquals("spark://head:7077", conf.get("spark.master"));
    assertEquals("8g", conf.get("spark.executor.memory"));
    assertEquals("4", conf.get("spark.task.cpus"));
    assertFalse(conf.contains("spark.driver.bindAddress"));
    assertFalse(conf.contains("spark.driver.host"));
  }

  @Test
  void anExplicitMasterWinsAndLocalAddressesAlreadySetAreKept() {
    SparkConf preset = empty().set("spark.master", "yarn").set("spark.driver.host", "10.0.0.5");
    SparkConf conf =
        SparkContexts.configure(
            new SparkSettings("test", Optional.of("local[2]"), 1, false), preset);
    assertEquals("local[2]", conf.get("spark.master"));
    assertEquals("10.0.0.5", conf.get("spark.driver.host"));
    assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
    assertEquals("false", conf.get("spark.ui.enabled"));
  }

  @Test
  void threadsPerTrialOverrideAConfiguredTaskCpus() {
    SparkConf conf =
        SparkContexts.configure(
            SparkSettings.of(Optional.empty(), 3), empty().set("spark.task.cpus", "1"));
    assertEquals("3", conf.get("spark.task.cpus"));
  }

  @Test
  void onlyLocalMastersAreLocal() {
    assertTrue(SparkContexts.isLocal("local"));
    assertTrue(SparkContexts.isLocal("local[*]"));
    assertTrue(SparkContexts.isLocal("local[4,2]"));
    assertFalse(SparkContexts.isLocal("local-cluster[2,1,1024]")); // separate executor JVMs
    assertFalse(SparkContexts.isLocal("spark://localhost:7077"));
    assertFalse(SparkContexts.isLocal("k8s://https://api:6443"));
  }

  @Test
  void settingsRejectBadValuesNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparkSettings.of(Optional.empty(), 0));
    assertEquals("threads per trial must be 1 or greater, found 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SparkSettings.of(Optional.of(" "), 1));
    assertThrows(
        IllegalArgumentException.class, () -> new SparkSettings("", Optional.empty(), 1, true));
  }

  @Test
  void moreThreadsPerTrialThanAnExecutorHasCoresIsRefusedBeforeSparkStarts() {
    // local[2]: 2 cores; threads 3 could never be scheduled, 2 can.
    SparkConf tooMany = empty().set("spark.master", "local[2]").set("spark.task.cpus", "3");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SparkContexts.requireRoomForOneTrial(tooMany));
    assertTrue(e.getMessage().contains("is 3 but an executor has 2 cores (master local[2])"), e.getMessage());
    assertTrue(e.getMessage().contains("--set threads=2"), e.getMessage());
    SparkContexts.requireRoomForOneTrial(empty().set("spark.master", "local[2]").set("spark.task.cpus", "2"));

    // a cluster executor with 1 core and threads 2 (the silent hang seen on the standalone cluster)
    SparkConf cluster =
        empty().set("spark.master", "spark://127.0.0.1:7077").set("spark.executor.cores", "1").set("spark.task.cpus", "2");
    assertThrows(IllegalArgumentException.class, () -> SparkContexts.requireRoomForOneTrial(cluster));
    // unknown executor size: nothing to check before executors register
    SparkContexts.requireRoomForOneTrial(
        empty().set("spark.master", "spark://127.0.0.1:7077").set("spark.task.cpus", "8"));
  }

  @Test
  void localCoresFollowsSparksMasterSyntax() {
    assertEquals(1, SparkContexts.localCores("local"));
    assertEquals(3, SparkContexts.localCores("local[3]"));
    assertEquals(4, SparkContexts.localCores("local[4,2]")); // [threads, maxFailures]
    assertEquals(Runtime.getRuntime().availableProcessors(), SparkContexts.localCores("local[*]"));
  }

  @Test
  void heartbeatsComeEveryThreeSecondsUnlessTheUserChoseOrTheTimeoutForbids() {
    assertEquals("3s", SparkContexts.configure(SparkSettings.of(Optional.empty(), 1), empty())
        .get("spark.executor.heartbeatInterval"));
    assertEquals("20s", SparkContexts.configure(SparkSettings.of(Optional.empty(), 1),
        empty().set("spark.executor.heartbeatInterval", "20s")).get("spark.executor.heartbeatInterval"));
    // Spark needs spark.network.timeout > the interval: a 3 s timeout keeps Spark's own default
    assertFalse(SparkContexts.configure(SparkSettings.of(Optional.empty(), 1),
        empty().set("spark.network.timeout", "3s")).contains("spark.executor.heartbeatInterval"));
  }
}
