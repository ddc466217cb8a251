package dev.lrsweep.spark;

import java.util.Objects;
import java.util.Optional;

/**
 * What the sweep itself decides about its Spark application. Everything else (memory, executors,
 * cores, deploy mode) belongs to {@code spark-submit} or {@code spark-defaults.conf}.
 *
 * @param appName the application name shown in the Spark UI and the cluster manager
 * @param master an explicit master URL (from {@code sweep run --master}); empty means "whatever
 *     {@code spark-submit} set, or {@code local[*]} when started outside it"
 * @param threadsPerTrial OpenMP/BLAS threads one trial uses; becomes {@code spark.task.cpus}, so an
 *     executor with C cores runs C / threadsPerTrial trials at once
 * @param uiEnabled whether to start the Spark web UI; tests turn it off (see {@link SparkContexts}
 *     for why it cannot be bound to loopback by configuration)
 */
public record SparkSettings(
    String appName, Optional<String> master, int threadsPerTrial, boolean uiEnabled) {

  /** The application name the sweep uses unless told otherwise. */
  public static final String DEFAULT_APP_NAME = "lrsweep";

  public SparkSettings {
    Objects.requireNonNull(master, "master");
    if (appName == null || appName.isBlank()) {
      throw new IllegalArgumentException("Spark application name must not be empty");
    }
    if (master.isPresent() && master.get().isBlank()) {
      throw new IllegalArgumentException(
          "Spark master must not be blank when given, found '" + master.get() + "'");
    }
    if (threadsPerTrial < 1) {
      throw new IllegalArgumentException(
          "threads per trial must be 1 or greater, found " + threadsPerTrial);
    }
  }

  /** The sweep's usual settings: default name, web UI on. */
  public static SparkSettings of(Optional<String> master, int threadsPerTrial) {
    return new SparkSettings(DEFAULT_APP_NAME, master, threadsPerTrial, true);
  }
}
