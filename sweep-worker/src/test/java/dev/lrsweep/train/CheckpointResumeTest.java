package dev.lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.CifarTestData;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import dev.lrsweep.trial.DataSpec;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.optim.Sgd;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trial stopped after an epoch with a checkpoint and resumed from its bytes is the trial it
 * would have been without stopping, bit for bit (same machine, same thread count; see
 * docs/ENGINE.md on determinism).
 */
class CheckpointResumeTest {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointResumeTest.class);
  private static final String DATA = CifarTestData.realArchive().toString();
  private static final int TRAIN = 320;
  private static final int BATCH = 32;

  // lr0 / (1 + decay * iteration): the rate reads the iteration counter, so a resumed trial
  // whose counter restarted at 0 would show a different rate in its second epoch.
  private static final Schedule DECAY =
      ScheduleRegistry.create("time_decay", Map.of("lr0", 0.01, "decay", 0.1));

  private static TrialSpec spec(String id, int epochs) {
    return new TrialSpec(id, "minivgg", DECAY, epochs, BATCH, Sgd.seedArticle(),
        new DataSpec("cifar10", DATA, TRAIN, 100, 99), 4321, 1);
  }

  @Test
  void oneEpochCheckpointResumeEqualsTwoEpochsStraightBitForBit() {
    TrialSpec spec = spec("resume", 3);
    // Independent runs go side by side, one thread each, to keep both cores busy (the same bits as
    // one after the other: TrialTrainerTest).
    CompletableFuture<SegmentOutcome> straightRun =
        CompletableFuture.supplyAsync(() -> TrialTrainer.runSegment(spec, new Segment(Optional.empty(), 2), EpochListener.NONE));
    SegmentOutcome first = TrialTrainer.runSegment(spec, new Segment(Optional.empty(), 1), EpochListener.NONE);
    SegmentOutcome straight = straightRun.join();
    assertEquals(TrialStatus.COMPLETED, straight.result().status(), straight.result().message());
    assertEquals(TrialStatus.COMPLETED, first.result().status(), first.result().message());

    Checkpoint atOne = first.checkpoint().orElseThrow();
    assertEquals(1, atOne.epoch());
    assertEquals(TRAIN / BATCH, atOne.iteration(), "one epoch of 320 images in batches of 32 is 10 steps");
    // through its bytes, as it travels between Spark tasks
    long t0 = System.nanoTime();
    byte[] bytes = atOne.toBytes();
    long t1 = System.nanoTime();
    Checkpoint back = Checkpoint.fromBytes(bytes);
    long t2 = System.nanoTime();
    LOG.info("checkpoint of {} parameters: {} bytes, serialize {} ms, deserialize {} ms",
        atOne.params().length, bytes.length, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    // 2,169,770 parameters and as many momentum values, 4 bytes each, plus a small header,
    // BN statistics (2 x (32+32+64+64+512) doubles) and the history
    assertTrue(bytes.length >= 8 * 2_169_770 && bytes.length < 8 * 2_169_770 + 20_000, "size " + bytes.length);

    // The whole trial through run(), checked at the end, beside the resumed segment.
    CompletableFuture<TrialResult> wholeRun = CompletableFuture.supplyAsync(() -> TrialTrainer.run(spec("resume", 2)));
    SegmentOutcome second = TrialTrainer.runSegment(spec, new Segment(Optional.of(back), 2), EpochListener.NONE);
    assertEquals(TrialStatus.COMPLETED, second.result().status(), second.result().message());

    List<EpochRecord> a = straight.result().history();
    List<EpochRecord> b = second.result().history();
    assertEquals(2, a.size());
    assertEquals(2, b.size(), "the resumed history holds the checkpoint's epoch and the new one");
    for (int e = 0; e < 2; e++) {
      assertEquals(a.get(e).epoch(), b.get(e).epoch());
      assertEquals(a.get(e).learningRate(), b.get(e).learningRate(), "epoch " + e + " learning rate");
      assertEquals(a.get(e).trainLoss(), b.get(e).trainLoss(), "epoch " + e + " train loss, bit for bit");
      assertEquals(a.get(e).trainAccuracy(), b.get(e).trainAccuracy(), "epoch " + e + " train accuracy");
      assertEquals(a.get(e).testLoss(), b.get(e).testLoss(), "epoch " + e + " test loss, bit for bit");
      assertEquals(a.get(e).testAccuracy(), b.get(e).testAccuracy(), "epoch " + e + " test accuracy");
    }
    // Second epoch's first iteration is 10: 0.01 / (1 + 0.1 * 10) = 0.005.
    assertEquals(0.005, b.get(1).learningRate(), 1e-12, "the iteration counter continues after the resume");
    assertEquals(straight.result().finalAccuracy(), second.result().finalAccuracy());
    assertEquals(straight.result().finalLoss(), second.result().finalLoss());

    Checkpoint x = straight.checkpoint().orElseThrow();
    Checkpoint y = second.checkpoint().orElseThrow();
    assertEquals(x.iteration(), y.iteration());
    assertEquals(2 * TRAIN / BATCH, y.iteration());
    assertArrayEquals(x.params(), y.params(), "final parameters, bit for bit");
    assertArrayEquals(x.updaterState(), y.updaterState(), "final momentum, bit for bit");
    for (int l = 0; l < 5; l++) {
      assertArrayEquals(x.runningMeans()[l], y.runningMeans()[l], "BN running means of layer " + l);
      assertArrayEquals(x.runningVariances()[l], y.runningVariances()[l], "BN running variances of layer " + l);
    }
    assertNotEquals(atOne.params()[0], y.params()[0], "the second epoch moved the parameters");

    // The whole trial through run() is the same trial too (its schedule ignores the epoch count).
    TrialResult whole = wholeRun.join();
    assertEquals(a.get(1).trainLoss(), whole.history().get(1).trainLoss());
    assertEquals(a.get(1).testLoss(), whole.history().get(1).testLoss());
  }

  @Test
  void checkpointBytesRoundTripAndAnotherTrialsCheckpointIsRefused() {
    float[] params = {1.5f, -2.25f, Float.MIN_VALUE};
    Checkpoint c = new Checkpoint("t1", 7, 1, 10, params, new float[] {0.5f, 0, -1}, new double[][] {{0.1, 0.2}},
        new double[][] {{1.0, 2.0}}, List.of(new EpochRecord(0, 0.01, 2.0, 0.2, 2.1, 0.25, 1.0)), 0.5, 320, 1.5);
    Checkpoint back = Checkpoint.fromBytes(c.toBytes());
    assertEquals("t1", back.trialId());
    assertEquals(7, back.seed());
    assertEquals(10, back.iteration());
    assertArrayEquals(params, back.params());
    assertArrayEquals(new float[] {0.5f, 0, -1}, back.updaterState());
    assertArrayEquals(new double[] {1.0, 2.0}, back.runningVariances()[0]);
    assertEquals(c.history(), back.history());
    assertEquals(320, back.trainImages());

    IllegalArgumentException notOne = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    assertTrue(notOne.getMessage().contains("not a checkpoint"), notOne.getMessage());

    // resuming trial "other" from t1's checkpoint fails as a result, it does not train
    TrialResult refused = TrialTrainer.runSegment(spec("other", 3), new Segment(Optional.of(c), 2),
        EpochListener.NONE).result();
    assertEquals(TrialStatus.FAILED, refused.status());
    assertTrue(refused.message().contains("checkpoint of trial t1"), refused.message());
  }

  /**
   * Prefix sharing: trial "b" (step decay with the default offset 1 and drop_every 2: rate 0.01 in epoch 1, then 0.005) resumes from the
   * checkpoint trial "a" (constant 0.01) took after its first epoch, as an inherited prefix, and
   * is bit for bit "b" trained from scratch; a schedule whose first epoch differs is refused.
   */
  @Test
  void anInheritedPrefixOfAnotherTrialWithTheSameRatesIsThatTrialBitForBit() {
    Schedule constant = ScheduleRegistry.create("constant", Map.of("lr", 0.01));
    Schedule step = ScheduleRegistry.create("step", Map.of("lr0", 0.01, "factor", 0.5, "drop_every", 2));
    DataSpec data = new DataSpec("cifar10", DATA, TRAIN, 100, 99);
    TrialSpec a = new TrialSpec("a", "minivgg", constant, 2, BATCH, Sgd.seedArticle(), data, 4321, 1);
    TrialSpec b = new TrialSpec("b", "minivgg", step, 2, BATCH, Sgd.seedArticle(), data, 4321, 1);

    CompletableFuture<TrialResult> straightRun = CompletableFuture.supplyAsync(() -> TrialTrainer.run(b));
    Checkpoint afterOne = TrialTrainer.runSegment(a, new Segment(Optional.empty(), 1), EpochListener.NONE)
        .checkpoint().orElseThrow();
    TrialResult straight = straightRun.join();
    Checkpoint shipped = Checkpoint.fromBytes(afterOne.toBytes());
    assertEquals("a", shipped.trialId());

    TrialResult own = TrialTrainer.runSegment(b, new Segment(Optional.of(shipped), 2), EpochListener.NONE).result();
    assertEquals(TrialStatus.FAILED, own.status(), "without inherited = true another trial's checkpoint is refused");

    TrialResult inherited =
        TrialTrainer.runSegment(b, new Segment(Optional.of(shipped), 2, true), EpochListener.NONE).result();
    assertEquals(TrialStatus.COMPLETED, inherited.status(), inherited.message());
    assertEquals("b", inherited.trialId());
    assertEquals(0.005, inherited.history().get(1).learningRate(), 0.0);
    for (int e = 0; e < 2; e++) {
      EpochRecord x = straight.history().get(e);
      EpochRecord y = inherited.history().get(e);
      assertEquals(Double.doubleToLongBits(x.trainLoss()), Double.doubleToLongBits(y.trainLoss()), "epoch " + e);
      assertEquals(Double.doubleToLongBits(x.testLoss()), Double.doubleToLongBits(y.testLoss()), "epoch " + e);
    }
    assertArrayEquals(straight.report().predictions(), inherited.report().predictions());

    Schedule slower = ScheduleRegistry.create("constant", Map.of("lr", 0.02));
    TrialSpec c = new TrialSpec("c", "minivgg", slower, 2, BATCH, Sgd.seedArticle(), data, 4321, 1);
    TrialResult refused =
        TrialTrainer.runSegment(c, new Segment(Optional.of(shipped), 2, true), EpochListener.NONE).result();
    assertEquals(TrialStatus.FAILED, refused.status());
    assertTrue(refused.message().contains("learning rates differ in epoch 1"), refused.message());
  }
}
