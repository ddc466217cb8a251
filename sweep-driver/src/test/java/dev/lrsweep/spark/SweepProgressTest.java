package dev.lrsweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SweepProgressTest {
  private static final long SECOND = 1_000_000_000L;
  private static final String STEP = "step(factor=0.5,drop_every=5,lr0=0.01)";
  private static final TrialLabels LABELS = id -> id.equals("t0") ? STEP : id + "-label";

  @Test
  void durationsAreRoundedToWholeSecondsAndSplitIntoUnits() {
    assertEquals("0s", SweepProgress.duration(0));
    assertEquals("42s", SweepProgress.duration(42.4));
    assertEquals("1m00s", SweepProgress.duration(59.6)); // rounds up to 60 s
    assertEquals("5m07s", SweepProgress.duration(307)); // 5*60 + 7
    assertEquals("1h02m", SweepProgress.duration(3725)); // 3600 + 2*60 + 5; seconds dropped
    assertEquals("0s", SweepProgress.duration(-3)); // a clock step backwards is not negative time
  }

  @Test
  void timeLeftIsRemainingTrialsTimesMeanOverRunningTasks() {
    // 10 trials of 30 s on 2 tasks: 10 * 30 / 2 = 150 s
    assertEquals(OptionalDouble.of(150), SweepProgress.secondsLeft(10, 2, 30));
    // nothing running between two tasks: counted as one task, 3 * 20 = 60 s
    assertEquals(OptionalDouble.of(60), SweepProgress.secondsLeft(3, 0, 20));
    assertEquals(OptionalDouble.of(0), SweepProgress.secondsLeft(0, 4, 20));
    assertTrue(SweepProgress.secondsLeft(3, 1, Double.NaN).isEmpty());
  }

  @Test
  void eachFinishedTrialGetsOneLineWithItsOutcome() {
    SweepProgress progress = new SweepProgress(4, LABELS, 0);
    assertEquals(
        "trial 1/4 " + STEP + " acc=0.781 in 1m35s (best so far)",
        progress.finished(completed("t0", 0.7812, 95)));
    assertEquals(
        "trial 2/4 t1-label acc=0.700 in 30s", progress.finished(completed("t1", 0.70, 30)));
    assertEquals(
        "trial 3/4 t2-label FAILED: IllegalStateException: boom",
        progress.finished(failed("t2", "IllegalStateException: boom\n\tat somewhere")));
    assertEquals(
        "trial 4/4 t3-label DIVERGED at epoch 3 in 12s (loss is NaN)",
        progress.finished(diverged("t3", 3, "loss is NaN", 12)));
    assertEquals(4, progress.done());
  }

  @Test
  void aBetterCompletedTrialBecomesTheBestButADivergedOneNever() {
    SweepProgress progress = new SweepProgress(3, LABELS, 0);
    progress.finished(completed("t0", 0.5, 10));
    TrialResult divergedHigh = diverged("t1", 1, "", 10);
    progress.finished(divergedHigh);
    assertEquals("t0", progress.best().orElseThrow().trialId());
    assertTrue(progress.finished(completed("t2", 0.6, 10)).endsWith("(best so far)"));
    assertEquals("t2", progress.best().orElseThrow().trialId());
  }

  @Test
  void aSegmentEndingBeforeItsTrialsLastEpochIsNeverTheBest() {
    // a shared prefix (epochs 1-4 of 40) finishes with a high accuracy: not a finished trial
    SweepProgress progress = new SweepProgress(List.of(new SweepProgress.Planned("prefix", 0, 4, 40),
        SweepProgress.Planned.whole("t1", 40)), LABELS, 0);
    assertFalse(progress.finished("prefix", completed("t0", 0.9, 10)).contains("best so far"));
    assertTrue(progress.best().isEmpty());
    assertTrue(progress.finished("t1", completed("t1", 0.5, 10)).endsWith("(best so far)"));
  }

  @Test
  void statusLineBeforeAnyResultHasNoEstimate() {
    SweepProgress progress = new SweepProgress(4, LABELS, 10 * SECOND);
    assertEquals(
        "status: 0/4 done (0 failed, 0 diverged), 0 running, elapsed 5s, time left unknown,"
            + " no completed trial yet",
        progress.status(15 * SECOND, 0));
  }

  @Test
  void statusLineCountsOutcomesAndEstimatesTimeLeft() {
    SweepProgress progress = new SweepProgress(6, LABELS, 0);
    progress.finished(completed("t0", 0.78, 95));
    progress.finished(completed("t1", 0.70, 30));
    progress.finished(failed("t2", "boom"));
    progress.finished(diverged("t3", 2, "", 25));
    // mean = (95 + 30 + 0 + 25) / 4 = 37.5 s; 2 remaining on 2 running: 2 * 37.5 / 2 = 37.5 -> 38 s
    assertEquals(
        "status: 4/6 done (1 failed, 1 diverged), 2 running, elapsed 3m20s, about 38s left,"
            + " best acc=0.780 "
            + STEP,
        progress.status(200 * SECOND, 2));
  }

  @Test
  void anEpochLineCountsFromOneAndNamesTheTrialsPlaceRateAccuracyAndSpeed() {
    SweepProgress progress = new SweepProgress(plan(8, 40), LABELS, 0);
    // trial t2 is third of eight; record epoch 11 (0-based) is the twelfth epoch of 40
    assertEquals(
        "[3/8] t2-label epoch 12/40  lr 0.0025  test acc 0.712  95 s/epoch",
        progress.epoch(new TrialEpoch("t2", new EpochRecord(11, 0.0025, 1.0, 0.6, 0.9, 0.7123, 95.2))).orElseThrow());
    // the same epoch again (a later heartbeat) prints nothing
    assertTrue(progress.epoch(new TrialEpoch("t2", new EpochRecord(11, 0.0025, 1, 1, 1, 1, 1))).isEmpty());
    // rates keep three significant digits: 2.6e-4 is not 0.000
    assertEquals("0.00026", SweepProgress.significant(2.6e-4, 3));
    assertEquals("0.01", SweepProgress.significant(0.01, 3));
    assertEquals("0.123", SweepProgress.significant(0.12345, 3));
  }

  @Test
  void timeLeftComesFromEpochsOnceOneIsKnownAndTheBestMayBePartial() {
    // 3 trials of 4 epochs; t0 reports 2 epochs of 10 s and 20 s, t1 one epoch of 30 s
    SweepProgress progress = new SweepProgress(plan(3, 4), LABELS, 0);
    assertTrue(progress.status(0, 2).contains("time left unknown, no completed trial yet"));
    progress.epoch(new TrialEpoch("t0", new EpochRecord(0, 0.01, 2, 0.2, 2, 0.30, 10)));
    progress.epoch(new TrialEpoch("t0", new EpochRecord(1, 0.01, 2, 0.2, 2, 0.40, 20)));
    progress.epoch(new TrialEpoch("t1", new EpochRecord(0, 0.01, 2, 0.2, 2, 0.35, 30)));
    // mean (10 + 20 + 30) / 3 = 20 s; remaining (4-2) + (4-1) + 4 = 9 epochs on 2 tasks: 90 s
    assertEquals(
        "status: 0/3 done (0 failed, 0 diverged), 2 running, elapsed 1m40s, about 1m30s left,"
            + " best acc=0.400 " + STEP + " (partial, epoch 2/4)",
        progress.status(100 * SECOND, 2));
    // t1 completes at 0.38 after 4 epochs (3 more of 30 s): mean (10+20+30*4)/6 = 25 s;
    // remaining 2 + 4 = 6 epochs on 2 tasks = 75 s; t0's partial 0.400 is still the best
    progress.finished(withHistory("t1", 0.38, 4, 30));
    assertEquals(
        "status: 1/3 done (0 failed, 0 diverged), 2 running, elapsed 1m40s, about 1m15s left,"
            + " best acc=0.400 " + STEP + " (partial, epoch 2/4)",
        progress.status(100 * SECOND, 2));
    // a finished trial's late heartbeat is not an epoch line
    assertTrue(progress.epoch(new TrialEpoch("t1", new EpochRecord(3, 0.01, 2, 0.2, 2, 0.38, 30))).isEmpty());
  }

  private static List<SweepProgress.Planned> plan(int trials, int epochs) {
    return java.util.stream.IntStream.range(0, trials)
        .mapToObj(i -> SweepProgress.Planned.whole("t" + i, epochs))
        .toList();
  }

  private static TrialResult withHistory(String id, double accuracy, int epochs, double secondsEach) {
    List<EpochRecord> history = java.util.stream.IntStream.range(0, epochs)
        .mapToObj(e -> new EpochRecord(e, 0.01, 2, 0.2, 2, accuracy, secondsEach))
        .toList();
    return new TrialResult(id, TrialStatus.COMPLETED, "", history, accuracy, 1.0, accuracy, epochs - 1, null, 100,
        epochs * secondsEach, null);
  }

  @Test
  void blankLabelsFallBackToTheTrialId() {
    SweepProgress progress = new SweepProgress(1, id -> "", 0);
    assertEquals(
        "trial 1/1 t9 acc=0.100 in 1s (best so far)", progress.finished(completed("t9", 0.1, 1)));
    assertThrows(IllegalArgumentException.class, () -> new SweepProgress(-1, LABELS, 0));
    assertFalse(new SweepProgress(0, LABELS, 0).best().isPresent());
  }

  @Test
  void scheduleLabelsNameTheFamilyAndItsNonDefaultParameters() {
    TrialLabels labels = TrialLabels.schedules(List.of(TestTrials.spec("t0", "/data", 0.05)));
    assertEquals("constant(lr=0.05)", labels.label("t0"));
    SweepProgress progress = new SweepProgress(2, labels, 0);
    // an id the labels do not know falls back to itself
    assertEquals(
        "trial 1/2 t7 acc=0.200 in 2s (best so far)", progress.finished(completed("t7", 0.2, 2)));
  }

  private static TrialSpec spec(String id) {
    return TestTrials.spec(id, "/data/cifar-10-binary.tar.gz");
  }

  private static TrialResult completed(String id, double accuracy, double seconds) {
    return TestTrials.completed(spec(id), accuracy, seconds);
  }

  private static TrialResult failed(String id, String message) {
    return new TrialResult(
        id,
        TrialStatus.FAILED,
        message,
        List.of(),
        Double.NaN,
        Double.NaN,
        Double.NaN,
        -1,
        null,
        0,
        0,
        null);
  }

  private static TrialResult diverged(String id, int epochs, String message, double seconds) {
    List<EpochRecord> history =
        java.util.stream.IntStream.range(0, epochs)
            .mapToObj(e -> new EpochRecord(e, 0.01, 2.3, 0.1, 2.3, 0.99, 4.0))
            .toList();
    return new TrialResult(
        id,
        TrialStatus.DIVERGED,
        message,
        history,
        0.99,
        Double.NaN,
        0.99,
        0,
        null,
        10,
        seconds,
        null);
  }
}
