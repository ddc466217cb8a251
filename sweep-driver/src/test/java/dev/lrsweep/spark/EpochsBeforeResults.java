package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The check behind "the driver sees epoch k of a trial before that trial's result", shared by the
 * local[2] test and the standalone-cluster test. Each trial's task publishes {@value #EPOCHS}
 * epochs and then holds its task open until the driver has received the last of them, which the
 * driver's epoch sink signals with a file (executors on the loopback cluster share this machine's
 * file system). A trial whose epochs never arrive gives up after the deadline and returns
 * accuracy 0, which fails the assertions.
 */
public final class EpochsBeforeResults {
  /** Epochs each test trial publishes. */
  public static final int EPOCHS = 3;

  private static final Duration PATIENCE = Duration.ofSeconds(40);

  private EpochsBeforeResults() {}

  /** A test epoch record: epoch e at rate 0.001 * (e + 1), test accuracy 0.1 * (e + 1). */
  static EpochRecord record(int e) {
    return new EpochRecord(e, 0.001 * (e + 1), 2.0, 0.1, 2.0, 0.1 * (e + 1), 0.5);
  }

  /** Runs {@code n} trials through {@code spark} and checks that every epoch came before its result. */
  public static void check(JavaSparkContext spark, Path dir, int n) throws IOException {
    Path signals = Files.createDirectories(dir.resolve("epochs-seen"));
    String signalDir = signals.toString();
    List<TrialSpec> specs = new ArrayList<>();
    for (TrialSpec s : TestTrials.specs(n, TestTrials.cifarArchive().toString())) {
      specs.add(new TrialSpec(s.trialId(), s.model(), s.schedule(), EPOCHS, s.batchSize(), s.optimizer(), s.data(), s.seed(),
          s.threads()));
    }
    TestTrials.Body body = (spec, listener) -> {
      for (int e = 0; e < EPOCHS; e++) {
        listener.epochDone(spec.trialId(), record(e));
      }
      boolean seen = TestTrials.await(() -> Files.exists(Path.of(signalDir, spec.trialId())), PATIENCE);
      return TestTrials.completed(spec, seen ? 0.9 : 0.0, 1.0);
    };
    // what the calling thread saw, in order: "epoch <id> <k>" and "result <id>"
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    SparkTrialRunner.Options options = new SparkTrialRunner.Options(DataShipping.SHARED_PATH, Duration.ZERO,
        new PrintStream(console, true, StandardCharsets.UTF_8));
    List<TrialResult> results = new SparkTrialRunner(spark, options, TestTrials.whole(body)).run(specs, id -> "label-" + id,
        r -> events.add("result " + r.trialId()),
        e -> {
          events.add("epoch " + e.trialId() + " " + e.epoch().epoch());
          if (e.epoch().epoch() == EPOCHS - 1) {
            touch(signals.resolve(e.trialId()));
          }
        });

    for (TrialResult r : results) {
      assertEquals(TrialStatus.COMPLETED, r.status(), r.trialId());
      assertEquals(0.9, r.finalAccuracy(), "trial " + r.trialId() + " saw its epochs delivered: " + events);
    }
    Map<String, List<String>> byTrial = new TreeMap<>();
    for (String event : events) {
      byTrial.computeIfAbsent(event.split(" ")[1], k -> new ArrayList<>()).add(event);
    }
    for (TrialSpec spec : specs) {
      String id = spec.trialId();
      List<String> expected = new ArrayList<>();
      for (int e = 0; e < EPOCHS; e++) {
        expected.add("epoch " + id + " " + e);
      }
      expected.add("result " + id);
      assertEquals(expected, byTrial.get(id), "each epoch once, in order, before the result: " + events);
    }
    String text = console.toString(StandardCharsets.UTF_8);
    // trial t1 is number 2 of n; its last epoch printed 1-based: epoch 3/3, lr 0.003, acc 0.300
    assertTrue(text.contains("[2/" + n + "] label-t1 epoch 3/3  lr 0.003  test acc 0.300  0.5 s/epoch\n"), text);
  }

  private static void touch(Path file) {
    try {
      Files.createFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
