package dev.lrsweep.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.data.MnistTestData;
import dev.lrsweep.optim.Adam;
import dev.lrsweep.schedule.Schedule;
import dev.lrsweep.schedule.ScheduleRegistry;
import dev.lrsweep.trial.DataSpec;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The first seed article's system end to end through the trainer: the Keras MNIST CNN on the
 * project's real digits with Adam under the article's piecewise schedule. It learns (well above
 * the 10% of chance after two short epochs), and a trial stopped after epoch 1 and resumed from
 * its checkpoint's bytes is bit for bit the trial trained straight: Adam's moments travel in the
 * checkpoint, and the update count continues from the iteration counter.
 */
class MnistAdamResumeTest {
  private static final String DATA = MnistTestData.digits().toString();
  private static final int TRAIN = 512;
  private static final int BATCH = 64;
  // the article's function with its first boundary at epoch 1, so the resumed epoch runs at the
  // second rate
  private static final Schedule PIECEWISE =
      ScheduleRegistry.create("piecewise", Map.of("boundaries", List.of(1, 5), "values", List.of(0.002, 0.001, 0.0005)));

  private static TrialSpec spec(int epochs) {
    return new TrialSpec("mnist-adam", "mnist_cnn", PIECEWISE, epochs, BATCH, Adam.keras(),
        new DataSpec("mnist", DATA, TRAIN, 200, 7), 99, 1);
  }

  @Test
  void learnsAndResumesFromACheckpointBitForBit() {
    TrialSpec spec = spec(3);
    SegmentOutcome straight = TrialTrainer.runSegment(spec, new Segment(Optional.empty(), 2), EpochListener.NONE);
    SegmentOutcome first = TrialTrainer.runSegment(spec, new Segment(Optional.empty(), 1), EpochListener.NONE);
    assertEquals(TrialStatus.COMPLETED, straight.result().status(), straight.result().message());
    Checkpoint atOne = Checkpoint.fromBytes(first.checkpoint().orElseThrow().toBytes());
    // 1,199,882 parameters; Adam's state is both moments
    assertEquals(1_199_882, atOne.params().length);
    assertEquals(2 * 1_199_882, atOne.updaterState().length);
    assertEquals(0, atOne.runningMeans().length, "no BatchNorm");
    SegmentOutcome second = TrialTrainer.runSegment(spec, new Segment(Optional.of(atOne), 2), EpochListener.NONE);
    assertEquals(TrialStatus.COMPLETED, second.result().status(), second.result().message());

    List<EpochRecord> a = straight.result().history();
    List<EpochRecord> b = second.result().history();
    for (int e = 0; e < 2; e++) {
      assertEquals(a.get(e).learningRate(), b.get(e).learningRate(), "epoch " + e + " learning rate");
      assertEquals(a.get(e).trainLoss(), b.get(e).trainLoss(), "epoch " + e + " train loss, bit for bit");
      assertEquals(a.get(e).testLoss(), b.get(e).testLoss(), "epoch " + e + " test loss, bit for bit");
      assertEquals(a.get(e).testAccuracy(), b.get(e).testAccuracy(), "epoch " + e + " test accuracy");
    }
    assertEquals(0.001, b.get(1).learningRate(), "the schedule's second rate from epoch 1");
    Checkpoint x = straight.checkpoint().orElseThrow();
    Checkpoint y = second.checkpoint().orElseThrow();
    assertArrayEquals(x.params(), y.params(), "final parameters, bit for bit");
    assertArrayEquals(x.updaterState(), y.updaterState(), "final Adam moments, bit for bit");

    TrialResult result = straight.result();
    assertTrue(result.finalAccuracy() > 0.6, "two epochs of 512 digits learn far above chance (0.1): " + result.finalAccuracy());
    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        result.report().classes().stream().map(c -> c.name()).toList());
    assertEquals("mnist_cnn", result.provenance().model());
    assertEquals("adam(beta_1=0.9,beta_2=0.999,epsilon=1.0E-7)", result.provenance().optimizer());
  }
}
