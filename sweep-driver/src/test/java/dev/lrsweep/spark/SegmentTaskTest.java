package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/** The executor-side wrapper, called directly (no Spark task around it). */
class SegmentTaskTest {
  private static final List<TrialSpec> SPECS = TestTrials.specs(2, "/data/cifar-10-binary.tar.gz");
  private static final List<SegmentRequest> WHOLE = SPECS.stream().map(SegmentRequest::whole).toList();

  @Test
  void anythingATrialThrowsBecomesAFailedResultWithItsMessage() {
    SegmentTask task =
        new SegmentTask(WHOLE, DataShipping.SHARED_PATH, TestTrials.whole((spec, listener) -> {
              throw new IllegalStateException(
                  "bad config " + spec.trialId(), new ArithmeticException("/ by zero"));
            }));
    TrialResult result = task.run(1, new byte[0]).result();
    assertEquals("t1", result.trialId());
    assertEquals(TrialStatus.FAILED, result.status());
    assertEquals(
        "IllegalStateException: bad config t1 (caused by ArithmeticException: / by zero)",
        result.message());
    assertEquals(0, result.epochsRun());
    assertTrue(Double.isNaN(result.finalAccuracy()));
    assertEquals(-1, result.bestEpoch());
    assertEquals(1, result.provenance().threads());
    assertEquals(42L, result.provenance().seed());
  }

  @Test
  void aLinkageErrorIsATrialFailureButAVirtualMachineErrorPropagates() {
    SegmentTask linkage =
        new SegmentTask(WHOLE, DataShipping.SHARED_PATH, TestTrials.whole((spec, listener) -> {
              throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
            }));
    assertEquals(TrialStatus.FAILED, linkage.run(0, new byte[0]).result().status());
    StackOverflowError overflow = new StackOverflowError("deep");
    SegmentTask fatal =
        new SegmentTask(WHOLE, DataShipping.SHARED_PATH, TestTrials.whole((spec, listener) -> {
              throw overflow;
            }));
    assertSame(overflow, assertThrows(StackOverflowError.class, () -> fatal.run(0, new byte[0]).result()));
  }

  @Test
  void aNullResultIsAFailureAndTheTrialIdIsInTheMdcOnlyWhileItRuns() {
    SegmentTask task =
        new SegmentTask(WHOLE, DataShipping.SHARED_PATH, TestTrials.whole((spec, listener) -> {
              assertEquals(spec.trialId(), MDC.get("trial"));
              return null;
            }));
    TrialResult result = task.run(0, new byte[0]).result();
    assertEquals(TrialStatus.FAILED, result.status());
    assertEquals("the trainer returned no result", result.message());
    assertNull(MDC.get("trial"));
  }

  @Test
  void sharedPathsReachTheTrainerUnchanged() {
    TrialSpec spec = SPECS.get(0);
    assertSame(spec, SegmentTask.placeData(spec, DataShipping.SHARED_PATH, java.util.Set.of()));
  }

  @Test
  void shippedFilesAreKnownByTheirLastPathSegment() {
    assertEquals("cifar-10-binary.tar.gz", SegmentTask.shippedName("/data/cifar-10-binary.tar.gz"));
    assertEquals(
        "cifar-10-binary.tar.gz", SegmentTask.shippedName("file:/data/cifar-10-binary.tar.gz"));
    assertEquals("c.tar.gz", SegmentTask.shippedName("c.tar.gz"));
  }

  @Test
  void resultsSurviveTheByteRoundTrip() {
    TrialResult result = TestTrials.completed(SPECS.get(0), 0.5, 3);
    TrialResult back = SegmentTask.deserialize(SegmentTask.serialize(new SegmentResult("k", result, 0, new byte[] {1},
        0, 0))).result();
    assertEquals(result.trialId(), back.trialId());
    assertEquals(result.finalAccuracy(), back.finalAccuracy());
    assertEquals(result.status(), back.status());
  }

  @Test
  void onlyLocalFilesAndDirectoriesCanBeShipped(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("data.tar.gz"), "x");
    assertEquals(file.toAbsolutePath(), SparkTrialRunner.localFile(file.toString()));
    assertEquals(file.toAbsolutePath(), SparkTrialRunner.localFile(file.toUri().toString()));
    IllegalArgumentException remote =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrialRunner.localFile("hdfs://nn/cifar.tar.gz"));
    assertTrue(remote.getMessage().contains("hdfs://nn/cifar.tar.gz"), remote.getMessage());
    // a directory (MNIST's IDX files) ships file by file
    assertEquals(dir.toAbsolutePath(), SparkTrialRunner.localFile(dir.toString()));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> SparkTrialRunner.localFile(dir.resolve("no.tar.gz").toString()));
    assertTrue(missing.getMessage().endsWith(", which does not exist"), missing.getMessage());
  }

  @Test
  void shippingARemoteLocationIsRefusedNamingTheRealFlag() {
    // the message once said "turn ship_data off", a key that does not exist
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SparkTrialRunner.localFile("hdfs://nn/cifar-10-binary.tar.gz"));
    assertEquals("--ship-data needs a local file, found hdfs://nn/cifar-10-binary.tar.gz, which every executor"
        + " can read already; leave out --ship-data", e.getMessage());
  }

  @Test
  void aRungSegmentThatThrowsBecomesAFailedResultWithTheEpochItStartedFrom() {
    // segments go through the same failure-isolation block as whole trials
    TrialSpec base = SPECS.get(0);
    TrialSpec spec = new TrialSpec(base.trialId(), base.model(), base.schedule(), 3, base.batchSize(), base.optimizer(),
        base.data(), base.seed(), base.threads());
    byte[] checkpoint = new dev.lrsweep.train.Checkpoint(spec.trialId(), spec.seed(), 1, 10, new float[1],
        new float[1], new double[0][], new double[0][], List.of(EpochsBeforeResults.record(0)), 0, 0, 0).toBytes();
    SegmentTask task = new SegmentTask(List.of(new SegmentRequest(spec, 3, checkpoint)), DataShipping.SHARED_PATH,
        (s, segment, listener) -> {
          throw new IllegalStateException("boom in " + s.trialId());
        });
    SegmentResult r = task.run(0, checkpoint);
    assertEquals(TrialStatus.FAILED, r.result().status());
    assertEquals("IllegalStateException: boom in t0", r.result().message());
    assertEquals(1, r.startEpoch(), "read from the checkpoint before training threw");
    assertEquals(0, r.checkpoint().length, "no checkpoint after a failure");
    assertEquals(1, new SegmentRequest(spec, 3, checkpoint).startEpoch());
  }
}
