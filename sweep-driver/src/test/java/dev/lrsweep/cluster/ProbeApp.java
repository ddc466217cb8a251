package dev.lrsweep.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A tiny Spark application for {@code spark-submit}: waits until the cluster has given it the
 * executors it asks for, runs {@link ExecutorProbe} over the partitions and prints one line per
 * task, {@code place <appId> <partition> <elements> <executorId> <pid> <parentPid> <userDir>}.
 * Master, memory and cores come from {@code spark-submit}, as in Spark's own examples.
 */
public final class ProbeApp {
  /** Partitions of the probe job. */
  static final int PARTITIONS = 8;
  /** Elements spread over the partitions. */
  static final int ELEMENTS = 100;

  private ProbeApp() {}

  /**
   * Runs the probe.
   *
   * @param args one optional argument, the number of executors to wait for (default 2)
   */
  public static void main(String[] args) {
    int executors = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("lrsweep-cluster-probe"))) {
      awaitExecutors(sc, executors, Duration.ofSeconds(60));
      String appId = sc.sc().applicationId();
      for (TaskPlace p : run(sc)) {
        System.out.printf(
            "place %s %d %d %s %d %d %s%n",
            appId, p.partition(), p.elements(), p.executorId(), p.pid(), p.parentPid(), p.userDir());
      }
    }
  }

  /** The probe job: one {@link TaskPlace} per partition. */
  static List<TaskPlace> run(JavaSparkContext sc) {
    List<Integer> data = IntStream.range(0, ELEMENTS).boxed().toList();
    return sc.parallelize(data, PARTITIONS).mapPartitionsWithIndex(new ExecutorProbe(), false).collect();
  }

  /**
   * Waits until {@code executors} executors are registered. Both must be there before the job,
   * or the first one to register takes every task.
   */
  static void awaitExecutors(JavaSparkContext sc, int executors, Duration limit) {
    Instant deadline = Instant.now().plus(limit);
    // getExecutorInfos() lists the driver too.
    int seen = sc.sc().statusTracker().getExecutorInfos().length - 1;
    while (seen < executors) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            executors + " executors expected within " + limit.toSeconds() + " s, found " + seen);
      }
      try {
        Thread.sleep(200); // the poll interval under the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for executors", e);
      }
      seen = sc.sc().statusTracker().getExecutorInfos().length - 1;
    }
  }
}
