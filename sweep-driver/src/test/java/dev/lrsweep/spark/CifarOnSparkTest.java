package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.Cifar10;
import dev.lrsweep.data.DatasetCache;
import dev.lrsweep.data.ImageDataset;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real CIFAR-10 archive reaching tasks on a real {@code local[2]} Spark. */
@Tag("spark")
class CifarOnSparkTest {
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
  void theArchiveShippedWithAddFileIsReadFromSparkFiles() {
    String original = TestTrials.cifarArchive().toString();
    TestTrials.Body body =
        (spec, listener) -> {
          String location = spec.data().location();
          Path root = Path.of(SparkFiles.getRootDirectory()).toAbsolutePath();
          if (!Path.of(location).toAbsolutePath().startsWith(root)) {
            throw new IllegalStateException(
                "expected a copy under " + root + ", found " + location);
          }
          ImageDataset data = DatasetCache.get(Cifar10.INSTANCE, location);
          // CIFAR-10 has 50,000 training and 10,000 test images
          if (data.train().size() != 50_000 || data.test().size() != 10_000) {
            throw new IllegalStateException(
                "read " + data.train().size() + " + " + data.test().size() + " images");
          }
          return TestTrials.completed(spec, 1.0, 0.1);
        };
    SparkTrialRunner.Options options =
        new SparkTrialRunner.Options(
            DataShipping.ADD_FILE,
            Duration.ZERO,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    List<TrialResult> results =
        new SparkTrialRunner(spark, options, TestTrials.whole(body))
            .run(TestTrials.specs(2, original), TrialLabels.IDS, r -> {});
    assertEquals(
        List.of(TrialStatus.COMPLETED, TrialStatus.COMPLETED),
        results.stream().map(TrialResult::status).toList(),
        () -> results.stream().map(TrialResult::message).collect(Collectors.joining("; ")));
  }
}
