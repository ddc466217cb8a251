package dev.lrsweep.spark;

import dev.lrsweep.schedule.ScheduleRegistry;
import dev.lrsweep.trial.DataSpec;
import dev.lrsweep.optim.Sgd;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Trial specs, results and condition waits shared by the tests of this package. */
final class TestTrials {
  private TestTrials() {}

  /** A test's stand-in for a whole trial's training. */
  @FunctionalInterface
  interface Body extends java.io.Serializable {
    TrialResult run(TrialSpec spec, dev.lrsweep.train.EpochListener listener);
  }

  /** The segment function that runs {@code body} as the whole trial (no checkpoint after it). */
  static SegmentFunction whole(Body body) {
    return (spec, segment, listener) -> {
      TrialResult r = body.run(spec, listener);
      return r == null ? null : new dev.lrsweep.train.SegmentOutcome(r, java.util.Optional.empty());
    };
  }

  /** The project's CIFAR-10 archive, located through the surefire property. */
  static Path cifarArchive() {
    String root = System.getProperty("lrsweep.project.root", ".");
    return Path.of(root).resolve("../shared/datasets/cifar-10-binary.tar.gz").normalize();
  }

  static TrialSpec spec(String id, String location) {
    return spec(id, location, 0.01);
  }

  /** One tiny trial: constant rate {@code lr}, 1 epoch, batch 32, 200 train / 100 test images. */
  static TrialSpec spec(String id, String location, double lr) {
    return new TrialSpec(
        id, "minivgg",
        ScheduleRegistry.create("constant", Map.of("lr", lr)),
        1,
        32,
        Sgd.seedArticle(),
        new DataSpec("cifar10", location, 200, 100, 7L),
        42L,
        1);
  }

  /** Specs t0..t(n-1) on {@code location}. */
  static List<TrialSpec> specs(int n, String location) {
    List<TrialSpec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      specs.add(spec("t" + i, location));
    }
    return specs;
  }

  static TrialResult completed(TrialSpec spec, double accuracy, double seconds) {
    return new TrialResult(
        spec.trialId(),
        TrialStatus.COMPLETED,
        "",
        List.of(),
        accuracy,
        1.0,
        accuracy,
        0,
        null,
        100.0,
        seconds,
        null);
  }

  /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes. */
  static boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
