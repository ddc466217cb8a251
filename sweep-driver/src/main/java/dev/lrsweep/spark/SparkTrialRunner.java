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
import java.util.HashMap;
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
 * Runs segments of trials as Spark tasks, one task per segment, and hands each result to the
 * caller as soon as its task finishes. A whole trial is one segment; a successive-halving rung and
 * a prefix-sharing plan run segments that resume from checkpoints, and may ask for follow-up
 * segments as results arrive: the one execution path of every kind of sweep.
 *
 * <p>How: each batch of requests is one Spark job over an RDD of their checkpoints in as many
 * partitions ({@code parallelize} slices a list of n elements into n slices of one), submitted with
 * {@code SparkContext.submitJob}, whose result handler Spark calls on the driver once per finished
 * task. The handler only enqueues; the calling thread takes results off the queue and runs the
 * sink and the progress line, so a slow sink never stalls Spark's scheduler thread. Follow-up
 * segments the sink returns go out at once as another job while the first still runs (Spark runs
 * concurrent jobs of one context; with the default FIFO scheduler the earlier job's tasks come
 * first).
 *
 * <p>Failure isolation: a segment that throws becomes a FAILED result inside its task (see {@link
 * SegmentTask}), so a task fails only when its executor dies; Spark then retries it on another
 * executor up to {@code spark.task.maxFailures} times (default 4 on a cluster; local mode, where
 * the executor is the driver JVM, does not retry).
 *
 * <p>Per-epoch progress: each task adds its segment's epoch records to an {@link EpochAccumulator}
 * under the request's key; executors send the accumulators of running tasks to the driver in every
 * heartbeat ({@code spark.executor.heartbeatInterval}, which {@link SparkContexts} shortens to
 * {@value SparkContexts#HEARTBEAT_INTERVAL} unless configured), and {@link HeartbeatEpochs} picks
 * them out of the listener bus. Epochs go through the same queue as results, so epoch lines,
 * result lines and the caller's epoch sink all run on the calling thread, in arrival order.
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

  /**
   * Receives each result on the calling thread as its task finishes and returns the segments to
   * run next because of it (usually none). If it throws, every job of the run is cancelled and the
   * exception propagates.
   */
  @FunctionalInterface
  public interface Sink {
    List<SegmentRequest> accept(SegmentResult result);
  }

  private final JavaSparkContext spark;
  private final Options options;
  private final SegmentFunction body;

  /** A runner whose tasks train with {@link SegmentFunction#TRAINER}. */
  public SparkTrialRunner(JavaSparkContext spark, Options options) {
    this(spark, options, SegmentFunction.TRAINER);
  }

  /** A runner whose tasks run {@code body} instead of the trainer (tests, benchmarks). */
  public SparkTrialRunner(JavaSparkContext spark, Options options, SegmentFunction body) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.options = Objects.requireNonNull(options, "options");
    this.body = Objects.requireNonNull(body, "body");
  }

  /**
   * Runs every spec as a whole trial (one segment from scratch to its last epoch) and returns the
   * results in the order of {@code specs}; each is given to {@code sink} on the calling thread as
   * its task finishes, before the job ends, and a progress line is printed after it.
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
    Objects.requireNonNull(sink, "sink");
    List<SegmentRequest> requests = specs.stream().map(SegmentRequest::whole).toList();
    return runSegments(requests, labels, r -> sink.accept(r.result()), epochs).stream()
        .map(SegmentResult::result).toList();
  }

  /**
   * Runs every request as one Spark task and returns the results in the order of {@code
   * requests}, each given to {@code sink} on the calling thread as its task finishes.
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
    Objects.requireNonNull(sink, "sink");
    List<SweepProgress.Planned> planned = requests.stream().map(SparkTrialRunner::planned).toList();
    List<SegmentResult> done = run(requests, planned, labels, r -> {
      sink.accept(r);
      return List.of();
    }, epochs);
    Map<String, SegmentResult> byKey = new HashMap<>();
    done.forEach(r -> byKey.put(r.key(), r));
    return requests.stream().map(r -> byKey.get(r.key())).toList();
  }

  /**
   * Runs {@code first}, then whatever the sink asks for as results arrive, until no task is left;
   * returns every result in finishing order.
   *
   * @param first the segments that can start now; keys unique
   * @param planned every segment the run is expected to train, first and follow-ups (for the
   *     progress lines and the time left); a follow-up outside it is counted when it arrives
   * @param labels progress labels by request key
   * @param sink each result, on the calling thread, returning the follow-ups it makes ready
   * @param epochs each epoch of a running segment that reaches the driver, keyed by request key
   * @throws TrialJobException when a Spark job fails as a whole
   * @throws IllegalArgumentException for duplicate keys or, with {@link DataShipping#ADD_FILE}, a
   *     data location that is not a local file
   */
  public List<SegmentResult> run(List<SegmentRequest> first, List<SweepProgress.Planned> planned,
      TrialLabels labels, Sink sink, Consumer<TrialEpoch> epochs) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(epochs, "epochs");
    Objects.requireNonNull(sink, "sink");
    Set<String> keys = new HashSet<>();
    requireUniqueKeys(first, keys);
    if (first.isEmpty()) {
      return List.of();
    }
    EpochChannel channel = openEpochChannel();
    SweepProgress progress = new SweepProgress(planned, labels, System.nanoTime());
    List<SimpleFutureAction<BoxedUnit>> jobs = new ArrayList<>();
    ScheduledExecutorService ticker = startStatusLines(progress, jobs);
    List<SegmentResult> results = new ArrayList<>();
    try {
      synchronized (jobs) { // the status thread reads the list
        jobs.add(submit(first, channel));
      }
      int submitted = first.size();
      while (results.size() < submitted) {
        Event event = channel.events.poll(100, TimeUnit.MILLISECONDS);
        if (event == null) {
          failFastIfAJobEnded(jobs, results.size(), submitted, channel.events);
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
        SegmentResult result = SegmentTask.deserialize(next.bytes());
        results.add(result);
        List<SegmentRequest> more = sink.accept(result);
        options.console().println(progress.finished(result.key(), result.result()));
        if (more != null && !more.isEmpty()) {
          requireUniqueKeys(more, keys);
          synchronized (jobs) {
            jobs.add(submit(more, channel));
          }
          submitted += more.size();
        }
      }
      for (SimpleFutureAction<BoxedUnit> job : jobs) {
        awaitSuccess(job, results.size(), submitted);
      }
    } catch (InterruptedException e) {
      cancelAll(jobs);
      Thread.currentThread().interrupt();
      throw new TrialJobException(
          "interrupted while waiting for trials; the Spark job was cancelled", e);
    } catch (RuntimeException | Error e) {
      cancelAll(jobs);
      throw e;
    } finally {
      ticker.shutdownNow();
      channel.close();
    }
    return results;
  }

  /** A job ended (failed or cancelled) and everything it delivered has been taken: end the run. */
  private static void failFastIfAJobEnded(List<SimpleFutureAction<BoxedUnit>> jobs, int received, int submitted,
      BlockingQueue<Event> queue) {
    if (!queue.isEmpty()) {
      return;
    }
    synchronized (jobs) {
      for (SimpleFutureAction<BoxedUnit> job : jobs) {
        if (job.isCompleted() && job.value().isDefined() && job.value().get().isFailure()) {
          awaitSuccess(job, received, submitted);
        }
      }
    }
  }

  private static void cancelAll(List<SimpleFutureAction<BoxedUnit>> jobs) {
    synchronized (jobs) {
      for (SimpleFutureAction<BoxedUnit> job : jobs) {
        if (!job.isCompleted()) {
          job.cancel();
        }
      }
    }
  }

  /** The progress plan of one request: its epochs from its checkpoint to its last. */
  static SweepProgress.Planned planned(SegmentRequest r) {
    return new SweepProgress.Planned(r.key(), plannedStart(r), r.untilEpoch(), r.spec().epochs());
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

  /**
   * The RDD a job runs: one checkpoint per partition, in request order ({@code parallelize} slices
   * n elements into n partitions of one, so partition i resumes request i).
   */
  JavaRDD<byte[]> checkpoints(List<SegmentRequest> requests) {
    List<byte[]> checkpoints = requests.stream().map(SegmentRequest::checkpoint).collect(Collectors.toList());
    return spark.parallelize(checkpoints, checkpoints.size());
  }

  /**
   * Submits {@code requests} as one job, whose tasks' results go onto the channel's queue as they
   * finish.
   */
  private SimpleFutureAction<BoxedUnit> submit(List<SegmentRequest> requests, EpochChannel channel) {
    if (options.shipping() == DataShipping.ADD_FILE) {
      ship(requests.stream().map(SegmentRequest::spec).toList());
    }
    BlockingQueue<Event> delivered = channel.events;
    int n = requests.size();
    SegmentTask task = new SegmentTask(requests, options.shipping(), body, channel.accumulator,
        Set.copyOf(shippedDirectories));
    Function1<scala.collection.Iterator<byte[]>, byte[]> process =
        (Function1<scala.collection.Iterator<byte[]>, byte[]> & Serializable) task::runPartition;
    // Runs on the DAGScheduler's event loop: enqueue and return.
    Function2<Object, byte[], BoxedUnit> handler =
        (partition, bytes) -> {
          delivered.add(new Delivery(bytes));
          return BoxedUnit.UNIT;
        };
    Function0<BoxedUnit> onSuccess = () -> BoxedUnit.UNIT;
    JavaRDD<byte[]> rdd = checkpoints(requests);
    List<Object> partitions =
        new ArrayList<>(IntStream.range(0, n).boxed().collect(Collectors.toList()));
    Seq<Object> partitionSeq = JavaConverters.asScalaBufferConverter(partitions).asScala().toSeq();
    spark.setJobDescription("lrsweep: " + n + (n == 1 ? " segment" : " segments"));
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

  private ScheduledExecutorService startStatusLines(SweepProgress progress, List<SimpleFutureAction<BoxedUnit>> jobs) {
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
              options.console().println(progress.status(System.nanoTime(), runningTasks(jobs)));
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

  /** Tasks of the run's jobs running now, as Spark's status tracker sees them. */
  private int runningTasks(List<SimpleFutureAction<BoxedUnit>> jobs) {
    JavaSparkStatusTracker tracker = spark.statusTracker();
    int running = 0;
    List<Object> ids = new ArrayList<>();
    synchronized (jobs) {
      for (SimpleFutureAction<BoxedUnit> job : jobs) {
        ids.addAll(JavaConverters.seqAsJavaListConverter(job.jobIds()).asJava());
      }
    }
    for (Object jobId : ids) {
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

  private final Set<String> shipped = new HashSet<>();
  private final Set<String> shippedDirectories = new HashSet<>();

  /**
   * Registers each distinct local data location with {@code addFile} (once), under distinct names:
   * a file as itself, a directory (MNIST's IDX files, an extracted CIFAR-10) as each of its files,
   * because Spark's {@code addFile} refuses local directories outside local mode.
   */
  private void ship(List<TrialSpec> specs) {
    Map<String, String> locationByName = new LinkedHashMap<>();
    for (TrialSpec spec : specs) {
      String location = spec.data().location();
      String name = SegmentTask.shippedName(location);
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
      if (!shipped.add(location)) {
        continue;
      }
      Path file = localFile(location);
      if (Files.isDirectory(file)) {
        try (var files = Files.list(file)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            LOG.info("Shipping {} to the executors with SparkContext.addFile", f);
            spark.sc().addFile(f.toString());
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot list " + file + " to ship it", e);
        }
        shippedDirectories.add(location);
      } else {
        LOG.info("Shipping {} to the executors with SparkContext.addFile", file);
        spark.sc().addFile(file.toString());
      }
    }
  }

  /** The local file or directory a shipped location names, or an error saying why it cannot be shipped. */
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
    if (!Files.isRegularFile(file) && !Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "--ship-data needs the dataset as a local file or directory, found " + location + ", which does not exist");
    }
    return file.toAbsolutePath();
  }

  private static void requireUniqueKeys(List<SegmentRequest> requests, Set<String> seen) {
    for (SegmentRequest r : requests) {
      if (!seen.add(r.key())) {
        throw new IllegalArgumentException(
            "trial ids (segment keys) must be unique, found '" + r.key() + "' twice");
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

  /** A finished task's serialized result (results are taken in the order they arrive). */
  private record Delivery(byte[] bytes) implements Event {}

  /** An epoch a heartbeat brought. */
  private record EpochEvent(TrialEpoch epoch) implements Event {}
}
