package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/**
 * The runner on a real {@code local[2]} Spark, one trial per task. Trial bodies other than the
 * trainer coordinate with the test through files, because they run inside Spark tasks.
 */
@Tag("spark")
class SparkTrialRunnerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String DATA = TestTrials.cifarArchive().toString();

  private static JavaSparkContext spark;

  @TempDir Path dir;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkContexts.start(new SparkSettings("lrsweep-test", Optional.of("local[2]"), 1, false));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void eachSegmentIsOnePartitionHoldingItsCheckpoint() {
    SparkTrialRunner runner = new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH));
    List<SegmentRequest> requests = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      requests.add(new SegmentRequest("k" + i, TestTrials.spec("t" + i, DATA), 1, new byte[] {(byte) i}, false));
    }
    List<List<byte[]>> partitions = runner.checkpoints(requests).glom().collect();
    assertEquals(7, partitions.size());
    for (int i = 0; i < 7; i++) {
      assertEquals(1, partitions.get(i).size(), "partition " + i);
      assertEquals(i, partitions.get(i).get(0)[0], "partition " + i + " holds request " + i + "'s checkpoint");
    }
  }

  @Test
  void throwingTrialsComeBackFailedWithoutFailingTheirTasks() {
    List<TrialSpec> specs = TestTrials.specs(5, DATA);
    TaskEnds taskEnds = new TaskEnds();
    spark.sc().addSparkListener(taskEnds);
    try {
      Thread caller = Thread.currentThread();
      List<String> sinkIds = new ArrayList<>();
      List<Thread> sinkThreads = new ArrayList<>();
      TestTrials.Body body =
          (spec, listener) -> {
            if (spec.trialId().equals("t3")) {
              return TestTrials.completed(spec, 0.25, 0.1);
            }
            throw new UnsupportedOperationException("no trainer for " + spec.trialId());
          };
      List<TrialResult> results =
          new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH), TestTrials.whole(body))
              .run(
                  specs,
                  TrialLabels.IDS,
                  r -> {
                    sinkIds.add(r.trialId());
                    sinkThreads.add(Thread.currentThread());
                  });

      assertEquals(
          List.of("t0", "t1", "t2", "t3", "t4"),
          results.stream().map(TrialResult::trialId).toList());
      for (TrialResult r : results) {
        if (r.trialId().equals("t3")) {
          assertEquals(TrialStatus.COMPLETED, r.status());
        } else {
          assertEquals(TrialStatus.FAILED, r.status(), r.trialId());
          assertEquals("UnsupportedOperationException: no trainer for " + r.trialId(), r.message());
        }
      }
      assertEquals(
          List.of("t0", "t1", "t2", "t3", "t4"),
          sinkIds.stream().sorted().toList(),
          "each id once");
      assertTrue(
          sinkThreads.stream().allMatch(t -> t == caller), "the sink runs on the caller's thread");
      assertTrue(
          TestTrials.await(() -> taskEnds.succeeded.get() == 5, PATIENCE),
          "5 task ends: " + taskEnds);
      assertEquals(0, taskEnds.failed.get(), "no task failed");
    } finally {
      spark.sc().removeSparkListener(taskEnds);
    }
  }

  @Test
  void resultsReachTheSinkWhileLaterTrialsStillRun() throws IOException {
    // t0 finishes at once; t1..t3 wait until the sink has recorded t0. They can only complete if
    // t0 was delivered before the job ended, since they are part of that job.
    Path delivered = Files.createDirectory(dir.resolve("delivered"));
    String deliveredDir = delivered.toString();
    TestTrials.Body body =
        (spec, listener) -> {
          int i = Integer.parseInt(spec.trialId().substring(1));
          if (i > 0
              && !TestTrials.await(() -> Files.exists(Path.of(deliveredDir, "t0")), PATIENCE)) {
            throw new IllegalStateException(
                "t0 was not delivered while " + spec.trialId() + " ran");
          }
          return TestTrials.completed(spec, 0.1 * (i + 1), 1.0);
        };
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SparkTrialRunner.Options options =
        new SparkTrialRunner.Options(
            DataShipping.SHARED_PATH,
            Duration.ZERO,
            new PrintStream(console, true, StandardCharsets.UTF_8));
    List<String> order = new ArrayList<>();
    List<TrialResult> results =
        new SparkTrialRunner(spark, options, TestTrials.whole(body))
            .run(
                TestTrials.specs(4, DATA),
                id -> "label-" + id,
                r -> {
                  order.add(r.trialId());
                  touch(delivered.resolve(r.trialId()));
                });

    assertEquals("t0", order.get(0));
    assertTrue(
        results.stream().allMatch(r -> r.status() == TrialStatus.COMPLETED), results::toString);
    List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(4, lines.size(), lines::toString);
    assertEquals("trial 1/4 label-t0 acc=0.100 in 1s (best so far)", lines.get(0));
    // t3 has the best accuracy (0.4), so whenever it finishes it is the best so far
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.matches("trial [234]/4 label-t3 acc=0\\.400 in 1s \\(best so far\\)")),
        lines::toString);
  }

  @Test
  void statusLinesCountTheRunningTasks() throws IOException {
    // Both trials hold their tasks until a status line shows them both running.
    Path consoleFile = dir.resolve("console.txt");
    String consolePath = consoleFile.toString();
    TestTrials.Body body =
        (spec, listener) -> {
          boolean seen =
              TestTrials.await(() -> read(Path.of(consolePath)).contains(" 2 running"), PATIENCE);
          return seen ? TestTrials.completed(spec, 0.5, 0.5) : TestTrials.completed(spec, 0.0, 0.5);
        };
    try (PrintStream console =
        new PrintStream(new FileOutputStream(consoleFile.toFile()), true, StandardCharsets.UTF_8)) {
      SparkTrialRunner.Options options =
          new SparkTrialRunner.Options(DataShipping.SHARED_PATH, Duration.ofMillis(50), console);
      List<TrialResult> results =
          new SparkTrialRunner(spark, options, TestTrials.whole(body))
              .run(TestTrials.specs(2, DATA), TrialLabels.IDS, r -> {});
      assertEquals(List.of(0.5, 0.5), results.stream().map(TrialResult::finalAccuracy).toList());
    }
    String text = read(consoleFile);
    assertTrue(text.contains("status: 0/2 done (0 failed, 0 diverged), 2 running, elapsed "), text);
  }

  @Test
  void shippedDataIsReadFromTheExecutorsCopy() throws IOException {
    byte[] content = "not really CIFAR".getBytes(StandardCharsets.US_ASCII);
    Path original = Files.write(dir.resolve("tiny-data.bin"), content);
    assertEveryTrialReadsAShippedCopy(original.toString(), 3, placed -> {
      if (!placed.getFileName().toString().equals("tiny-data.bin")) {
        throw new IllegalStateException("unexpected shipped name " + placed);
      }
      byte[] read = Files.readAllBytes(placed);
      if (!java.util.Arrays.equals(read, content)) {
        throw new IllegalStateException("shipped copy differs: " + new String(read, StandardCharsets.US_ASCII));
      }
    });
  }

  /** A trial's check of the data it was given: throws when the copy is not the original's. */
  private interface ShippedCopyCheck extends java.io.Serializable {
    void check(Path placed) throws IOException;
  }

  /**
   * Runs {@code trials} trials on data at {@code originalPath} with the data shipped to the
   * executors: each must be given a path other than the driver's and pass {@code check} there.
   */
  private void assertEveryTrialReadsAShippedCopy(String originalPath, int trials, ShippedCopyCheck check) {
    TestTrials.Body body =
        (spec, listener) -> {
          Path placed = Path.of(spec.data().location());
          if (placed.equals(Path.of(originalPath))) {
            throw new IllegalStateException("the trainer got the driver's path " + placed);
          }
          try {
            check.check(placed);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return TestTrials.completed(spec, 1.0, 0.1);
        };
    List<TrialResult> results =
        new SparkTrialRunner(spark, quietOptions(DataShipping.ADD_FILE), TestTrials.whole(body))
            .run(TestTrials.specs(trials, originalPath), TrialLabels.IDS, r -> {});
    assertEquals(java.util.Collections.nCopies(trials, TrialStatus.COMPLETED),
        results.stream().map(TrialResult::status).toList(),
        () -> results.stream().map(TrialResult::message).collect(Collectors.joining("; ")));
  }

  @Test
  void aFailingSinkCancelsTheRunAndPropagates() {
    IllegalStateException full = new IllegalStateException("disk full");
    TestTrials.Body body = (spec, listener) -> TestTrials.completed(spec, 0.5, 0.1);
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH), TestTrials.whole(body))
                    .run(
                        TestTrials.specs(2, DATA),
                        TrialLabels.IDS,
                        r -> {
                          throw full;
                        }));
    assertSame(full, thrown);
  }

  @Test
  void aJobThatFailsAsAWholeEndsTheRunAfterTheResultsItDelivered() throws IOException {
    // t0 finishes at once and its sink call cancels the job; t1 and t2 are held until released,
    // so the job is still running when it is cancelled.
    String released = dir.resolve("released").toString();
    TestTrials.Body body =
        (spec, listener) -> {
          if (!spec.trialId().equals("t0")) {
            TestTrials.await(() -> Files.exists(Path.of(released)), PATIENCE);
          }
          return TestTrials.completed(spec, 0.5, 0.1);
        };
    List<String> delivered = new ArrayList<>();
    try {
      TrialJobException e =
          assertThrows(
              TrialJobException.class,
              () ->
                  new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH), TestTrials.whole(body))
                      .run(
                          TestTrials.specs(3, DATA),
                          TrialLabels.IDS,
                          r -> {
                            delivered.add(r.trialId());
                            spark.cancelAllJobs();
                          }));
      assertTrue(
          e.getMessage().startsWith("the Spark job running the sweep failed after 1 of 3 trials"),
          e.getMessage());
      assertEquals(List.of("t0"), delivered);
    } finally {
      Files.createFile(Path.of(released));
    }
  }

  @Test
  void epochsOfARunningTrialReachTheDriverBeforeItsResult() throws IOException {
    EpochsBeforeResults.check(spark, dir, 2);
  }

  @Test
  void epochsOfRungSegmentsReachTheDriverBeforeTheirResults() throws IOException {
    // a rung's tasks publish through the same accumulator: epochs 2 and 3 of a 3-epoch trial
    // resumed from a checkpoint taken after epoch 1 (the body ignores the checkpoint's content)
    String signals = Files.createDirectory(dir.resolve("segment-epochs")).toString();
    TrialSpec base = TestTrials.spec("s0", DATA);
    TrialSpec spec = new TrialSpec("s0", base.model(), base.schedule(), 3, base.batchSize(), base.optimizer(), base.data(),
        base.seed(), base.threads());
    SegmentFunction body = (s, segment, listener) -> {
      for (int e = 1; e < segment.untilEpoch(); e++) {
        listener.epochDone(s.trialId(), EpochsBeforeResults.record(e));
      }
      boolean seen = TestTrials.await(() -> Files.exists(Path.of(signals, "s0")), PATIENCE);
      return new dev.lrsweep.train.SegmentOutcome(TestTrials.completed(s, seen ? 0.9 : 0.0, 1.0), Optional.empty());
    };
    List<String> events = new ArrayList<>();
    List<SegmentResult> results = new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH),
        body)
        .runSegments(List.of(new SegmentRequest(spec, 3, checkpointAfterEpoch(1, spec))), TrialLabels.IDS,
            r -> events.add("result"),
            e -> {
              events.add("epoch " + e.epoch().epoch());
              if (e.epoch().epoch() == 2) {
                touch(Path.of(signals, "s0"));
              }
            });
    assertEquals(List.of("epoch 1", "epoch 2", "result"), events);
    assertEquals(0.9, results.get(0).result().finalAccuracy());
  }

  private static byte[] checkpointAfterEpoch(int epoch, TrialSpec spec) {
    return new dev.lrsweep.train.Checkpoint(spec.trialId(), spec.seed(), epoch, 10, new float[1], new float[1],
        new double[0][], new double[0][], List.of(EpochsBeforeResults.record(0)), 0, 0, 0).toBytes();
  }

  @Test
  void aShippedDirectoryIsReadFromTheExecutorsCopyOfItsFiles() throws IOException {
    // MNIST's IDX files are a directory: shipped file by file, found together on the executor
    Path original = Files.createDirectory(dir.resolve("idx-dir"));
    Files.writeString(original.resolve("train-images-idx3-ubyte"), "images");
    Files.writeString(original.resolve("train-labels-idx1-ubyte"), "labels");
    assertEveryTrialReadsAShippedCopy(original.toString(), 2, placed -> {
      if (!Files.readString(placed.resolve("train-images-idx3-ubyte")).equals("images")
          || !Files.readString(placed.resolve("train-labels-idx1-ubyte")).equals("labels")) {
        throw new IllegalStateException("shipped copies differ in " + placed);
      }
    });
  }

  @Test
  void followUpsTheSinkReturnsStartWhileTheFirstJobStillRuns() throws IOException {
    // a and b run as one job; a's result makes the sink ask for c. b waits (up to PATIENCE) until c
    // has started, which only happens if c goes out while b's job is still running, as a fork's
    // children must while the rest of the sweep goes on.
    String signals = Files.createDirectory(dir.resolve("follow-ups")).toString();
    SegmentFunction body = (s, segment, listener) -> {
      boolean seen = true;
      if (s.trialId().equals("c")) {
        touch(Path.of(signals, "c-started"));
      } else if (s.trialId().equals("b")) {
        seen = TestTrials.await(() -> Files.exists(Path.of(signals, "c-started")), PATIENCE);
      }
      return new dev.lrsweep.train.SegmentOutcome(TestTrials.completed(s, seen ? 0.9 : 0.0, 1.0), Optional.empty());
    };
    List<SegmentRequest> first = List.of(SegmentRequest.whole(TestTrials.spec("a", DATA)),
        SegmentRequest.whole(TestTrials.spec("b", DATA)));
    SegmentRequest c = SegmentRequest.whole(TestTrials.spec("c", DATA));
    List<SweepProgress.Planned> planned = List.of(SparkTrialRunner.planned(first.get(0)),
        SparkTrialRunner.planned(first.get(1)), SparkTrialRunner.planned(c));
    List<String> order = new ArrayList<>();
    List<SegmentResult> results = new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH), body)
        .run(first, planned, TrialLabels.IDS, r -> {
          order.add(r.key());
          return r.key().equals("a") ? List.of(c) : List.of();
        }, e -> {});
    assertEquals("a", order.get(0), "a returns at once");
    assertEquals(Set.of("a", "b", "c"), Set.copyOf(order));
    assertEquals(3, results.size());
    for (SegmentResult r : results) {
      // b's 0.9 says c had started before b's job ended
      assertEquals(0.9, r.result().finalAccuracy(), r.key());
    }
  }

  @Test
  void duplicateIdsAreRejectedBeforeSparkRuns() {
    TrialSpec once = TestTrials.spec("same", DATA);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SparkTrialRunner(spark, quietOptions(DataShipping.SHARED_PATH))
                    .run(List.of(once, once), TrialLabels.IDS, r -> {}));
    assertEquals("trial ids (segment keys) must be unique, found 'same' twice", e.getMessage());
  }

  private static SparkTrialRunner.Options quietOptions(DataShipping shipping) {
    return new SparkTrialRunner.Options(
        shipping,
        Duration.ZERO,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static void touch(Path file) {
    try {
      Files.createFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Counts task ends by outcome, as Spark's listener bus reports them, for the jobs that start
   * after it is registered (a cancelled job of an earlier test may still be ending tasks).
   */
  private static final class TaskEnds extends SparkListener {
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      for (Object stage : JavaConverters.seqAsJavaListConverter(start.stageIds()).asJava()) {
        stages.add((Integer) stage);
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (stages.contains(end.stageId())) {
        (end.taskInfo().successful() ? succeeded : failed).incrementAndGet();
      }
    }

    @Override
    public String toString() {
      return succeeded + " succeeded, " + failed + " failed";
    }
  }
}
