package dev.lrsweep.spark;

import dev.lrsweep.train.EpochListener;
import dev.lrsweep.trial.DataSpec;
import dev.lrsweep.trial.Provenance;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The executor side of a sweep: runs the trial a partition stands for, with its data placed and
 * every failure turned into a result.
 *
 * <p>The specs travel inside this object, i.e. in the task closure, which Spark serializes once per
 * stage with Java serialization and ships once per executor; the RDD itself holds only trial
 * indices. Results go back Java-serialized as bytes. Both choices keep the records away from {@code
 * spark.serializer}: Kryo 4, which Spark 3.5 uses when a cluster configures it, cannot construct
 * Java records.
 */
final class TrialTask implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TrialTask.class);

  /**
   * The SLF4J MDC key that carries the trial id while a trial runs (see conf/log4j2.properties).
   */
  static final String MDC_TRIAL = "trial";

  private final ArrayList<TrialSpec> specs;
  private final DataShipping shipping;
  private final TrialFunction body;
  private final EpochAccumulator epochs;

  /** A task whose epochs go nowhere but the executor's log (tests that call {@link #run}). */
  TrialTask(List<TrialSpec> specs, DataShipping shipping, TrialFunction body) {
    this(specs, shipping, body, new EpochAccumulator());
  }

  /**
   * @param epochs the run's registered accumulator; it travels in the task closure, so each task
   *     deserializes its own copy, which Spark registers with the task and reports in heartbeats
   */
  TrialTask(List<TrialSpec> specs, DataShipping shipping, TrialFunction body, EpochAccumulator epochs) {
    this.specs = new ArrayList<>(specs);
    this.shipping = shipping;
    this.body = body;
    this.epochs = epochs;
  }

  /** A partition's work: its one trial index in, the serialized result out. */
  byte[] runPartition(scala.collection.Iterator<Integer> indices) {
    if (!indices.hasNext()) {
      throw new IllegalStateException("a sweep partition must hold one trial index, found none");
    }
    int index = indices.next();
    if (indices.hasNext()) {
      throw new IllegalStateException(
          "a sweep partition must hold one trial index, found more after " + index);
    }
    return serialize(run(index));
  }

  /**
   * Runs trial {@code index}. Anything the trial throws becomes a FAILED result, so Spark never
   * retries a configuration that fails by itself; only errors that leave the JVM unusable ({@link
   * VirtualMachineError}: out of memory, stack overflow, internal error) and exceptions of a task
   * Spark is killing propagate, so that Spark retries the task elsewhere or cancels it.
   */
  TrialResult run(int index) {
    TrialSpec spec = specs.get(index);
    return isolated(
        spec,
        attempt -> {
          EpochListener listener = epochs.publisher(spec.epochs());
          TrialResult result = body.run(placeData(spec, shipping), listener);
          return result != null ? result : attempt.failed("the trainer returned no result");
        },
        failed -> failed);
  }

  /** One task's attempt at a trial: when it started, for the FAILED result it may become. */
  record Attempt(TrialSpec spec, Instant started, long startNanos) {
    TrialResult failed(String message) {
      return TrialTask.failed(spec, message, started, secondsSince(startNanos));
    }
  }

  /**
   * Runs {@code work} for {@code spec} with the trial id in the logging context, turning anything
   * it throws into {@code onFailure} of a FAILED result. The one place of the failure-isolation
   * rule that every kind of trial task follows: only {@link VirtualMachineError}s and exceptions
   * of a task Spark is killing propagate.
   */
  static <R> R isolated(
      TrialSpec spec, Function<Attempt, R> work, Function<TrialResult, R> onFailure) {
    String previous = MDC.get(MDC_TRIAL);
    MDC.put(MDC_TRIAL, spec.trialId());
    Attempt attempt = new Attempt(spec, Instant.now(), System.nanoTime());
    try {
      return work.apply(attempt);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      TaskContext context = TaskContext.get();
      if (context != null && context.isInterrupted()) {
        throw t;
      }
      LOG.error("Trial {} failed", spec.trialId(), t);
      return onFailure.apply(attempt.failed(describe(t)));
    } finally {
      if (previous == null) {
        MDC.remove(MDC_TRIAL);
      } else {
        MDC.put(MDC_TRIAL, previous);
      }
    }
  }

  /**
   * The spec with its data location resolved on this executor: unchanged for {@link
   * DataShipping#SHARED_PATH}, the executor's fetched copy for {@link DataShipping#ADD_FILE}.
   */
  static TrialSpec placeData(TrialSpec spec, DataShipping shipping) {
    if (shipping == DataShipping.SHARED_PATH) {
      return spec;
    }
    DataSpec data = spec.data();
    String local = SparkFiles.get(shippedName(data.location()));
    return new TrialSpec(
        spec.trialId(),
        spec.model(),
        spec.schedule(),
        spec.epochs(),
        spec.batchSize(),
        spec.optimizer(),
        data.at(local),
        spec.seed(),
        spec.threads());
  }

  /** The name {@code SparkContext.addFile} registers a local file under: its last path segment. */
  static String shippedName(String location) {
    String trimmed =
        location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /** A FAILED result for a trial that threw before the trainer could describe it. */
  static TrialResult failed(TrialSpec spec, String message, Instant started, double seconds) {
    return new TrialResult(
        spec.trialId(),
        TrialStatus.FAILED,
        message,
        List.of(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        -1,
        null,
        0.0,
        seconds,
        provenance(spec, started));
  }

  /** "ExceptionClass: message", plus the root cause when it differs. */
  static String describe(Throwable t) {
    String text = t.getClass().getSimpleName() + ": " + t.getMessage();
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t
        ? text
        : text + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  static byte[] serialize(TrialResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the result of trial " + result.trialId(), e);
    }
    return bytes.toByteArray();
  }

  static TrialResult deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (TrialResult) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read a trial result sent by an executor", e);
    }
  }

  private static Provenance provenance(TrialSpec spec, Instant started) {
    String version = TrialTask.class.getPackage().getImplementationVersion();
    return new Provenance(
        version == null ? "unknown" : version,
        "unknown",
        "unknown",
        hostName(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        spec.threads(),
        spec.seed(),
        started.toString(),
        spec.model(),
        spec.data().dataset(),
        spec.optimizer().label());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double secondsSince(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
