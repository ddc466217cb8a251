package dev.lrsweep.spark;

import dev.lrsweep.train.Checkpoint;
import dev.lrsweep.train.Segment;
import dev.lrsweep.train.SegmentOutcome;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The executor side of a sweep, the one kind of task it runs: partition {@code i} trains segment
 * {@code i} of its job (a whole trial, a halving rung of one, or epochs that trials share), with
 * its data placed and every failure turned into a result.
 *
 * <p>The requests (specs, keys, last epochs) travel inside this object, i.e. in the task closure,
 * which Spark serializes once per stage with Java serialization and ships once per executor; each
 * segment's checkpoint travels as the one element of its partition of the RDD (empty: from
 * scratch), so it goes to exactly the executor that resumes it rather than to every executor. The
 * result, with the checkpoint after the segment, goes back Java-serialized as bytes. Both choices
 * keep the records away from {@code spark.serializer}: Kryo 4, which Spark 3.5 uses when a cluster
 * configures it, cannot construct Java records. Nothing needs a file system every executor can
 * reach (see docs/HALVING.md for the choice).
 */
final class SegmentTask implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(SegmentTask.class);

  /**
   * The SLF4J MDC key that carries the trial id while a trial runs (see conf/log4j2.properties).
   */
  static final String MDC_TRIAL = "trial";

  private final ArrayList<TrialSpec> specs = new ArrayList<>();
  private final ArrayList<String> keys = new ArrayList<>();
  private final int[] untilEpochs;
  private final boolean[] inherited;
  private final DataShipping shipping;
  private final SegmentFunction body;
  private final EpochAccumulator epochs;
  /** Data locations the driver shipped as the files of a directory (see {@link #placeData}). */
  private final HashSet<String> shippedDirectories = new HashSet<>();

  /** A task whose epochs go nowhere but the executor's log (tests). */
  SegmentTask(List<SegmentRequest> requests, DataShipping shipping, SegmentFunction body) {
    this(requests, shipping, body, new EpochAccumulator(), Set.of());
  }

  /**
   * @param epochs the run's registered accumulator; it travels in the task closure, so each task
   *     deserializes its own copy, which Spark registers with the task and reports in heartbeats
   * @param shippedDirectories data locations that {@link DataShipping#ADD_FILE} shipped as the
   *     files of a directory
   */
  SegmentTask(List<SegmentRequest> requests, DataShipping shipping, SegmentFunction body, EpochAccumulator epochs,
      Set<String> shippedDirectories) {
    this.shippedDirectories.addAll(shippedDirectories);
    this.epochs = epochs;
    this.untilEpochs = new int[requests.size()];
    this.inherited = new boolean[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      SegmentRequest r = requests.get(i);
      specs.add(r.spec());
      keys.add(r.key());
      untilEpochs[i] = r.untilEpoch();
      inherited[i] = r.inherited();
    }
    this.shipping = shipping;
    this.body = body;
  }

  /** A partition's work: its checkpoint bytes in (empty: from scratch), the serialized result out. */
  byte[] runPartition(scala.collection.Iterator<byte[]> checkpoints) {
    int index = TaskContext.getPartitionId();
    if (!checkpoints.hasNext()) {
      throw new IllegalStateException("a sweep partition must hold one checkpoint (maybe empty), found none");
    }
    byte[] bytes = checkpoints.next();
    if (checkpoints.hasNext()) {
      throw new IllegalStateException("a sweep partition must hold one checkpoint, found more");
    }
    return serialize(run(index, bytes));
  }

  /**
   * Runs segment {@code index}. Anything it throws becomes a FAILED result, so Spark never
   * retries a configuration that fails by itself; only errors that leave the JVM unusable ({@link
   * VirtualMachineError}: out of memory, stack overflow, internal error) and exceptions of a task
   * Spark is killing propagate, so that Spark retries the task elsewhere or cancels it.
   */
  SegmentResult run(int index, byte[] checkpointBytes) {
    TrialSpec spec = specs.get(index);
    String key = keys.get(index);
    // the epoch the segment starts at, known once the checkpoint is read; a failure reports it
    int[] startEpoch = {0};
    return isolated(
        spec,
        attempt -> {
          Optional<Checkpoint> from = Optional.empty();
          double readSeconds = 0;
          if (checkpointBytes.length > 0) {
            long r0 = System.nanoTime();
            from = Optional.of(Checkpoint.fromBytes(checkpointBytes));
            readSeconds = (System.nanoTime() - r0) / 1e9;
            startEpoch[0] = from.get().epoch();
          }
          SegmentOutcome outcome = body.run(placeData(spec, shipping, shippedDirectories),
              new Segment(from, untilEpochs[index], inherited[index]), epochs.publisher(key, spec.epochs()));
          if (outcome == null || outcome.result() == null) {
            return new SegmentResult(key, attempt.failed("the trainer returned no result"),
                startEpoch[0], new byte[0], readSeconds, 0);
          }
          long w0 = System.nanoTime();
          byte[] out = outcome.checkpoint().map(Checkpoint::toBytes).orElse(new byte[0]);
          double writeSeconds = (System.nanoTime() - w0) / 1e9;
          LOG.info("Trial {} epochs {} to {}: {}{}", spec.trialId(), startEpoch[0] + 1, untilEpochs[index],
              outcome.result().status(), out.length > 0 ? ", checkpoint " + out.length + " bytes" : "");
          return new SegmentResult(key, outcome.result(), startEpoch[0], out, readSeconds, writeSeconds);
        },
        failed -> new SegmentResult(key, failed, startEpoch[0], new byte[0], 0, 0));
  }

  /** One task's attempt at a trial: when it started, for the FAILED result it may become. */
  record Attempt(TrialSpec spec, Instant started, long startNanos) {
    TrialResult failed(String message) {
      return SegmentTask.failed(spec, message, started, secondsSince(startNanos));
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
   * DataShipping#SHARED_PATH}, the executor's fetched copy for {@link DataShipping#ADD_FILE}: the
   * file itself, or for a directory shipped file by file (Spark's {@code addFile} takes local
   * directories only in local mode) the executor's SparkFiles directory, where its files landed.
   */
  static TrialSpec placeData(TrialSpec spec, DataShipping shipping, Set<String> shippedDirectories) {
    if (shipping == DataShipping.SHARED_PATH) {
      return spec;
    }
    DataSpec data = spec.data();
    String local = shippedDirectories.contains(data.location())
        ? SparkFiles.getRootDirectory()
        : SparkFiles.get(shippedName(data.location()));
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

  static byte[] serialize(SegmentResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(result.checkpoint().length + 65_536);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the result of trial " + result.result().trialId(), e);
    }
    return bytes.toByteArray();
  }

  static SegmentResult deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (SegmentResult) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read a result sent by an executor", e);
    }
  }

  private static Provenance provenance(TrialSpec spec, Instant started) {
    String version = SegmentTask.class.getPackage().getImplementationVersion();
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
