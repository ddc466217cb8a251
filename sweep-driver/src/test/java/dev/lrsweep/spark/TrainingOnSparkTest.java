package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real trials (the real trainer on the real CIFAR-10 archive) on a real {@code local[2]} Spark:
 * tiny ones, 200 training and 100 test images, one epoch, batch 32, one thread each.
 */
@Tag("spark")
class TrainingOnSparkTest {
  private static final int TEST_IMAGES = 100; // TestTrials.spec's test_limit

  private static JavaSparkContext spark;

  @BeforeAll
  static void startSpark() {
    assertTrue(
        Files.isRegularFile(TestTrials.cifarArchive()),
        "CIFAR-10 archive expected at " + TestTrials.cifarArchive());
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
  void tinyTrialsCompleteAndAnAbsurdRateDiverges() {
    String data = TestTrials.cifarArchive().toString();
    List<TrialSpec> specs = new ArrayList<>();
    double[] rates = {0.01, 0.02, 0.005, 0.05};
    for (int i = 0; i < rates.length; i++) {
      specs.add(TestTrials.spec("t" + i, data, rates[i]));
    }
    specs.add(TestTrials.spec("absurd", data, 1e6));
    TrialLabels labels = TrialLabels.schedules(specs);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    List<String> sinkIds = new ArrayList<>();
    List<TrialResult> results =
        new SparkTrialRunner(spark, options(DataShipping.SHARED_PATH, console))
            .run(specs, labels, r -> sinkIds.add(r.trialId()));

    assertEquals(List.of("absurd", "t0", "t1", "t2", "t3"), sinkIds.stream().sorted().toList());
    for (TrialResult r : results.subList(0, 4)) {
      assertCompletedOneEpoch(r);
    }
    TrialResult absurd = results.get(4);
    assertEquals("absurd", absurd.trialId());
    assertEquals(TrialStatus.DIVERGED, absurd.status(), absurd.message());
    List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(5, lines.size(), lines::toString);
    assertTrue(
        lines.stream().anyMatch(l -> l.contains(labels.label("absurd") + " DIVERGED at epoch")),
        lines::toString);
  }

  @Test
  void aTrialTrainsOnTheArchiveShippedWithAddFile() {
    List<TrialSpec> specs =
        List.of(TestTrials.spec("shipped", TestTrials.cifarArchive().toString(), 0.01));
    List<TrialResult> results =
        new SparkTrialRunner(spark, options(DataShipping.ADD_FILE, new ByteArrayOutputStream()))
            .run(specs, TrialLabels.IDS, r -> {});
    assertCompletedOneEpoch(results.get(0));
  }

  private static void assertCompletedOneEpoch(TrialResult r) {
    assertEquals(TrialStatus.COMPLETED, r.status(), r.trialId() + ": " + r.message());
    assertEquals(1, r.epochsRun(), r.trialId());
    assertEquals(0, r.history().get(0).epoch());
    double acc = r.finalAccuracy();
    assertTrue(acc >= 0 && acc <= 1, r.trialId() + " accuracy " + acc);
    // every one of the 100 test images is counted exactly once in the confusion matrix
    int counted = Arrays.stream(r.report().confusion()).flatMapToInt(Arrays::stream).sum();
    assertEquals(TEST_IMAGES, counted, r.trialId());
  }

  private static SparkTrialRunner.Options options(
      DataShipping shipping, ByteArrayOutputStream console) {
    return new SparkTrialRunner.Options(
        shipping, Duration.ZERO, new PrintStream(console, true, StandardCharsets.UTF_8));
  }
}
