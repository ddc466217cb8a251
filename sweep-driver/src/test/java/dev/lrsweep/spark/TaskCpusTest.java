package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrsweep.trial.TrialResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark.task.cpus} = threads per trial decides how many trials local mode runs at once. Each
 * trial marks itself running with a file and waits (up to a deadline) for a second running trial;
 * the most running trials any of them saw is what the test checks. Each test starts its own
 * context, because task.cpus is fixed for a context's life.
 */
@Tag("spark")
class TaskCpusTest {
  @TempDir Path dir;

  @Test
  void oneThreadPerTrialRunsTwoTrialsAtOnceOnTwoCores() {
    // The first task waits (up to the deadline) until the second has started too.
    List<Integer> seen = mostRunningSeen(1, Duration.ofSeconds(30));
    assertEquals(2, Math.max(seen.get(0), seen.get(1)), "most running seen by t0, t1: " + seen);
  }

  @Test
  void twoThreadsPerTrialRunOneTrialAtATimeOnTwoCores() {
    // Each task waits out the whole deadline alone: the second starts only after the first ends.
    assertEquals(List.of(1, 1), mostRunningSeen(2, Duration.ofMillis(1500)));
  }

  private List<Integer> mostRunningSeen(int threadsPerTrial, Duration wait) {
    String marks = dir.toString();
    long waitMillis = wait.toMillis();
    TestTrials.Body body =
        (spec, listener) -> {
          Path running = Path.of(marks, "running-" + spec.trialId());
          touch(running);
          int[] most = {0};
          Path met = Path.of(marks, "met");
          // Stops waiting once this task sees two running, or the other one did (which it marks
          // with
          // "met") and may already have left.
          TestTrials.await(
              () ->
                  (most[0] = Math.max(most[0], count(marks, "running-"))) >= 2 || Files.exists(met),
              Duration.ofMillis(waitMillis));
          if (most[0] >= 2) {
            touch(met);
          }
          write(Path.of(marks, "seen-" + spec.trialId()), Integer.toString(most[0]));
          delete(running);
          return TestTrials.completed(spec, 0.5, 0.1);
        };
    SparkSettings settings =
        new SparkSettings("lrsweep-test", Optional.of("local[2]"), threadsPerTrial, false);
    try (JavaSparkContext spark = SparkContexts.start(settings)) {
      assertEquals(Integer.toString(threadsPerTrial), spark.getConf().get("spark.task.cpus"));
      SparkTrialRunner.Options options =
          new SparkTrialRunner.Options(
              DataShipping.SHARED_PATH,
              Duration.ZERO,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      List<TrialResult> results =
          new SparkTrialRunner(spark, options, TestTrials.whole(body))
              .run(TestTrials.specs(2, "/unused"), TrialLabels.IDS, r -> {});
      assertEquals(2, results.size());
    }
    return List.of(
        Integer.parseInt(read(dir.resolve("seen-t0"))),
        Integer.parseInt(read(dir.resolve("seen-t1"))));
  }

  private static int count(String dir, String prefix) {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return (int) files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void touch(Path file) {
    write(file, "");
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
