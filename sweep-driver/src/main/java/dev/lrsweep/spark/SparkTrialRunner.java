package dev.lrsweep.spark;

import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkException;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function0;
import scala.Function1;
import scala.Function2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.BoxedUnit;

/**
 * Runs trials as Spark tasks, one task per trial, and hands each result to the caller as soon as
 * its task finishes.
 *
 * <p>How: an RDD of the trial indices {@code 0..n-1} in {@code n} partitions ({@code parallelize}
 * slices a list of n elements into n slices of one), submitted with {@code SparkContext.submitJob},
 * whose result handler Spark calls on the driver once per finished task. The handler only enqueues;
 * the calling thread takes results off the queue and runs the sink and the progress line, so a slow
 * sink never stalls Spark's scheduler thread.
 *
 * <p>Failure isolation: a trial that throws becomes a FAILED result inside its task (see {@link
 * TrialTask}), so a task fails only when its executor dies; Spark then retries it on another
 * executor up to {@code spark.task.maxFailures} times (default 4 on a cluster; local mode, where
 * the executor is the driver JVM, does not retry).
 *
 * <p>Per-epoch progress: each task adds its trial's epoch records to an {@link EpochAccumulator};
 * executors send the accumulators of running tasks to the driver in every heartbeat ({@code
 * spark.executor.heartbeatInterval}, which {@link SparkContexts} shortens to {@value
 * SparkContexts#HEARTBEAT_INTERVAL} unless configured), and {@link HeartbeatEpochs} picks them out
 * of the listener bus. Epochs go through the same queue as results, so epoch lines, result lines
 * and the caller's epoch sink all run on the calling thread, in arrival order.
 */
public final class SparkTrialRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTrialRunner.class);

  /**
   * How trials run and report.
   *
   * @param shipping how the dataset reaches the executors
   * @param statusEvery interval of the status line; {@link Duration#ZERO} for none
   * @param console where the progress lines go ({@code System.out} in the CLI)
   */
  public record Options(DataShipping shipping, Duration statusEvery, PrintStream console) {
    public Options {
      Objects.requireNonNull(shipping, "shipping");
      Objects.requireNonNull(console, "console");
      if (statusEvery == null || statusEvery.isNegative()) {
        throw new IllegalArgumentException(
            "status interval must be zero (off) or positive, found " + statusEvery);
      }
    }

    /** Shared-path data, a status line every 30 seconds, progress on {@code System.out}. */
    public static Options defaults() {
      return new Options(DataShipping.SHARED_PATH, Duration.ofSeconds(30), System.out);
    }
  }

  private final JavaSparkContext spark;
  private final Options options;
  private final TrialFunction body;
  private final SegmentFunction segmentBody;

  /** A runner whose tasks train with {@link TrialFunction#TRAINER}. */
  public SparkTrialRunner(JavaSparkContext spark, Options options) {
    this(spark, options, TrialFunction.TRAINER);
  }

  /** A runner whose tasks run {@code body} instead of the trainer (tests, benchmarks). */
  public SparkTrialRunner(JavaSparkContext spark, Options options, TrialFunction body) {
    this(spark, options, body, SegmentFunction.TRAINER);
  }

  /** A runner whose whole-trial and rung tasks run the given bodies (tests, benchmarks). */
  public SparkTrialRunner(JavaSparkContext spark, Options options, TrialFunction body, SegmentFunction segmentBody) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.options = Objects.requireNonNull(options, "options");
    this.body = Objects.requireNonNull(body, "body");
    this.segmentBody = Objects.requireNonNull(segmentBody, "segmentBody");
  }

  /**
   * Runs every spec as one Spark task and returns the results in the order of {@code specs}. Each
   * result is given to {@code sink} on the calling thread as its task finishes, before the job
   * ends, and a progress line is printed after it.
   *
   * @param specs the trials; ids must be unique
   * @param labels progress labels by trial id
   * @param sink called once per trial, in finishing order; if it throws, the job is cancelled and
   *     the exception propagates
   * @throws TrialJobException when the Spark job fails as a whole
   * @throws IllegalArgumentException for duplicate ids or, with {@link DataShipping#ADD_FILE}, a
   *     data location that is not a local file
   */
  public List<TrialResult> run(
      List<TrialSpec> specs, TrialLabels labels, Consumer<TrialResult> sink) {
    return run(specs, labels, sink, epoch -> {});
  }

  /**
   * As {@link #run(List, TrialLabels, Consumer)}, and each epoch of a running trial that reaches
   * the driver is given to {@code epochs} on the calling thread (once per trial and epoch; not
   * for epochs that arrive after their trial's result).
   */
  public List<TrialResult> run(List<TrialSpec> specs, TrialLabels labels, Consumer<TrialResult> sink,
      Consumer<TrialEpoch> epochs) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(epochs, "epochs");
    Objects.requireNonNull(sink, "sink");
    requireUniqueIds(specs);
    int n = specs.size();
    if (n == 0) {
      return List.of();
    }
    if (options.shipping() == DataShipping.ADD_FILE) {
      ship(specs);
    }
    EpochChannel channel = openEpochChannel();
    try {
      SimpleFutureAction<BoxedUnit> job = submit(specs, channel);
      return collect(SweepProgress.wholeTrials(specs), labels, job, channel.events, TrialTask::deserialize,
          r -> r, sink, epochs);
    } finally {
      channel.close();
    }
  }

  /**
   * Runs one rung of successive halving: every request as one Spark task that trains its segment
   * (resuming from the request's checkpoint), results in the order of {@code requests}, each given
   * to {@code sink} on the calling thread as its task finishes, as {@link #run} does.
   *
   * @throws TrialJobException when the Spark job fails as a whole
   */
  public List<SegmentResult> runSegments(
      List<SegmentRequest> requests, TrialLabels labels, Consumer<SegmentResult> sink) {
    return runSegments(requests, labels, sink, epoch -> {});
  }

  /** As {@link #runSegments(List, TrialLabels, Consumer)}, with epochs as in {@link #run}. */
  public List<SegmentResult> runSegments(List<SegmentRequest> requests, TrialLabels labels,
      Consumer<SegmentResult> sink, Consumer<TrialEpoch> epochs) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(epochs, "epochs");
    Objects.requireNonNull(sink, "sink");
    List<TrialSpec> specs = requests.stream().map(SegmentRequest::spec).collect(Collectors.toList());
    requireUniqueIds(specs);
    int n = requests.size();
    if (n == 0) {
      return List.of();
    }
    if (options.shipping() == DataShipping.ADD_FILE) {
      ship(specs);
    }
    List<SweepProgress.Planned> planned = requests.stream()
        .map(r -> new SweepProgress.Planned(r.spec().trialId(), plannedStart(r), r.untilEpoch(), r.spec().epochs()))
        .toList();
    EpochChannel channel = openEpochChannel();
    try {
      SimpleFutureAction<BoxedUnit> job = submitSegments(requests, channel);
      return collect(planned, labels, job, channel.events, SegmentTask::deserialize, SegmentResult::result, sink,
          epochs);
    } finally {
      channel.close();
    }
  }

  /**
   * Takes the job's results off the queue as they arrive, decodes them, hands each to {@code
   * sink} and prints its progress line; returns them in partition order.
   */
  private <R> List<R> collect(List<SweepProgress.Planned> planned, TrialLabels labels,
      SimpleFutureAction<BoxedUnit> job, BlockingQueue<Event> delivered,
      java.util.function.Function<byte[], R> decode, java.util.function.Function<R, TrialResult> resultOf,
      Consumer<R> sink, Consumer<TrialEpoch> epochs) {
    int n = planned.size();
    SweepProgress progress = new SweepProgress(planned, labels, System.nanoTime());
    ScheduledExecutorService ticker = startStatusLines(progress, job);
    List<R> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
    try {
      int received = 0;
      while (received < n) {
        Event event = delivered.poll(100, TimeUnit.MILLISECONDS);
        if (event == null) {
          if (job.isCompleted() && delivered.isEmpty()) {
            break; // failed or cancelled: every result it produced was queued before it completed
          }
          continue;
        }
        if (event instanceof EpochEvent e) {
          Optional<String> line = progress.epoch(e.epoch());
          if (line.isPresent()) {
            options.console().println(line.get());
            epochs.accept(e.epoch());
          }
          continue;
        }
        Delivery next = (Delivery) event;
        R result = decode.apply(next.bytes());
        results.set(next.index(), result);
        received++;
        sink.accept(result);
        options.console().println(progress.finished(resultOf.apply(result)));
      }
      awaitSuccess(job, received, n);
    } catch (InterruptedException e) {
      job.cancel();
      Thread.currentThread().interrupt();
      throw new TrialJobException(
          "interrupted while waiting for trials; the Spark job was cancelled", e);
    } catch (RuntimeException | Error e) {
      if (!job.isCompleted()) {
        job.cancel();
      }
      throw e;
    } finally {
      ticker.shutdownNow();
    }
    return results;
  }

  /**
   * Where a segment starts, for the progress estimate only: a checkpoint whose header cannot be
   * read counts as a start from scratch here, and its task reports the problem as a FAILED result.
   */
  private static int plannedStart(SegmentRequest request) {
    try {
      return Math.min(request.startEpoch(), request.untilEpoch());
    } catch (IllegalArgumentException unreadable) {
      return 0;
    }
  }

  /** The RDD the sweep runs: trial indices, exactly one per partition. */
  JavaRDD<Integer> trialIndices(int n) {
    List<Integer> indices = IntStream.range(0, n).boxed().collect(Collectors.toList());
    return spark.parallelize(indices, n);
  }

  private SimpleFutureAction<BoxedUnit> submit(List<TrialSpec> specs, EpochChannel channel) {
    BlockingQueue<Event> delivered = channel.events;
    int n = specs.size();
    TrialTask task = new TrialTask(specs, options.shipping(), body, channel.accumulator);
    Function1<scala.collection.Iterator<Integer>, byte[]> process =
        (Function1<scala.collection.Iterator<Integer>, byte[]> & Serializable) task::runPartition;
    // Runs on the DAGScheduler's event loop: enqueue and return.
    Function2<Object, byte[], BoxedUnit> handler =
        (partition, bytes) -> {
          delivered.add(new Delivery((Integer) partition, bytes));
          return BoxedUnit.UNIT;
        };
    Function0<BoxedUnit> onSuccess = () -> BoxedUnit.UNIT;
    List<Object> partitions =
        new ArrayList<>(IntStream.range(0, n).boxed().collect(Collectors.toList()));
    Seq<Object> partitionSeq = JavaConverters.asScalaBufferConverter(partitions).asScala().toSeq();
    spark.setJobDescription("lrsweep: " + n + " trials");
    try {
      return spark.sc().submitJob(trialIndices(n).rdd(), process, partitionSeq, handler, onSuccess);
    } finally {
      spark.setJobDescription(null);
    }
  }

  private SimpleFutureAction<BoxedUnit> submitSegments(List<SegmentRequest> requests, EpochChannel channel) {
    BlockingQueue<Event> delivered = channel.events;
    int n = requests.size();
    SegmentTask task = new SegmentTask(requests, options.shipping(), segmentBody, channel.accumulator);
    Function1<scala.collection.Iterator<byte[]>, byte[]> process =
        (Function1<scala.collection.Iterator<byte[]>, byte[]> & Serializable) task::runPartition;
    Function2<Object, byte[], BoxedUnit> handler =
        (partition, bytes) -> {
          delivered.add(new Delivery((Integer) partition, bytes));
          return BoxedUnit.UNIT;
        };
    Function0<BoxedUnit> onSuccess = () -> BoxedUnit.UNIT;
    // one checkpoint per partition, in request order: parallelize slices n elements into n
    // partitions of one, so partition i resumes request i
    List<byte[]> checkpoints = requests.stream().map(SegmentRequest::checkpoint).collect(Collectors.toList());
    JavaRDD<byte[]> rdd = spark.parallelize(checkpoints, n);
    List<Object> partitions =
        new ArrayList<>(IntStream.range(0, n).boxed().collect(Collectors.toList()));
    Seq<Object> partitionSeq = JavaConverters.asScalaBufferConverter(partitions).asScala().toSeq();
    spark.setJobDescription("lrsweep: rung of " + n + " trials");
    try {
      return spark.sc().submitJob(rdd.rdd(), process, partitionSeq, handler, onSuccess);
    } finally {
      spark.setJobDescription(null);
    }
  }

  private static void awaitSuccess(SimpleFutureAction<BoxedUnit> job, int received, int n) {
    try {
      job.get();
    } catch (SparkException e) {
      throw new TrialJobException(
          "the Spark job running the sweep failed after "
              + received
              + " of "
              + n
              + " trials had finished: "
              + e.getMessage(),
          e);
    }
    if (received != n) {
      throw new IllegalStateException(
          "the Spark job ended with " + received + " of " + n + " trial results");
    }
  }

  private ScheduledExecutorService startStatusLines(
      SweepProgress progress, SimpleFutureAction<BoxedUnit> job) {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lrsweep-progress");
              t.setDaemon(true);
              return t;
            });
    long every = options.statusEvery().toMillis();
    if (every > 0) {
      ticker.scheduleAtFixedRate(
          () -> {
            try {
              options.console().println(progress.status(System.nanoTime(), runningTasks(job)));
            } catch (RuntimeException e) {
              // a status line is not worth stopping the sweep for; the next tick tries again
              LOG.warn("Could not print the status line", e);
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    return ticker;
  }

  /** Tasks of {@code job} running now, as Spark's status tracker sees them. */
  private int runningTasks(SimpleFutureAction<BoxedUnit> job) {
    JavaSparkStatusTracker tracker = spark.statusTracker();
    int running = 0;
    for (Object jobId : JavaConverters.seqAsJavaListConverter(job.jobIds()).asJava()) {
      SparkJobInfo info = tracker.getJobInfo((Integer) jobId);
      if (info == null) {
        continue;
      }
      for (int stageId : info.stageIds()) {
        SparkStageInfo stage = tracker.getStageInfo(stageId);
        if (stage != null) {
          running += stage.numActiveTasks();
        }
      }
    }
    return running;
  }

  /** Registers each distinct local data file with {@code addFile}, under distinct names. */
  private void ship(List<TrialSpec> specs) {
    Map<String, String> locationByName = new LinkedHashMap<>();
    for (TrialSpec spec : specs) {
      String location = spec.data().location();
      String name = TrialTask.shippedName(location);
      String earlier = locationByName.putIfAbsent(name, location);
      if (earlier != null && !earlier.equals(location)) {
        throw new IllegalArgumentException(
            "shipped data files need distinct names, found '"
                + name
                + "' at "
                + earlier
                + " and "
                + location);
      }
    }
    for (String location : locationByName.values()) {
      Path file = localFile(location);
      LOG.info("Shipping {} to the executors with SparkContext.addFile", file);
      spark.sc().addFile(file.toString());
    }
  }

  /** The local file a shipped location names, or an error saying why it cannot be shipped. */
  static Path localFile(String location) {
    Path file;
    if (location.startsWith("file:")) {
      file = Path.of(URI.create(location));
    } else if (location.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      throw new IllegalArgumentException(
          "--ship-data needs a local file, found "
              + location
              + ", which every executor can read already; leave out --ship-data");
    } else {
      file = Path.of(location);
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--ship-data needs the dataset as one local file (the .tar.gz archive), found "
              + location
              + (Files.isDirectory(file) ? ", a directory" : ", which does not exist"));
    }
    return file.toAbsolutePath();
  }

  private static void requireUniqueIds(List<TrialSpec> specs) {
    Set<String> seen = new HashSet<>();
    for (TrialSpec spec : specs) {
      if (!seen.add(spec.trialId())) {
        throw new IllegalArgumentException(
            "trial ids must be unique, found '" + spec.trialId() + "' twice");
      }
    }
  }

  /**
   * A fresh accumulator registered with this context and a listener that queues the epochs it
   * brings in heartbeats; {@link EpochChannel#close} removes the listener.
   */
  private EpochChannel openEpochChannel() {
    EpochAccumulator accumulator = new EpochAccumulator();
    spark.sc().register(accumulator, EpochAccumulator.NAME);
    BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    HeartbeatEpochs listener = new HeartbeatEpochs(accumulator.id(), e -> events.add(new EpochEvent(e)));
    spark.sc().addSparkListener(listener);
    return new EpochChannel(accumulator, events, listener);
  }

  /** One run's epoch accumulator, its listener, and the queue of epochs and results. */
  private final class EpochChannel implements AutoCloseable {
    final EpochAccumulator accumulator;
    final BlockingQueue<Event> events;
    private final HeartbeatEpochs listener;

    EpochChannel(EpochAccumulator accumulator, BlockingQueue<Event> events, HeartbeatEpochs listener) {
      this.accumulator = accumulator;
      this.events = events;
      this.listener = listener;
    }

    @Override
    public void close() {
      spark.sc().removeSparkListener(listener);
    }
  }

  /** What the calling thread takes off the queue: a finished task or an epoch of a running one. */
  private sealed interface Event permits Delivery, EpochEvent {}

  /** A finished task's partition (= trial index) and its serialized result. */
  private record Delivery(int index, byte[] bytes) implements Event {}

  /** An epoch a heartbeat brought. */
  private record EpochEvent(TrialEpoch epoch) implements Event {}
}
