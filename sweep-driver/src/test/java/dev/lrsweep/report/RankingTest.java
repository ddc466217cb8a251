package dev.lrsweep.report;

import static dev.lrsweep.store.TrialFixtures.completed;
import static dev.lrsweep.store.TrialFixtures.failed;
import static dev.lrsweep.store.TrialFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RankingTest {
  static List<TrialRecord> single() {
    return List.of(
        completed("a", 0, 0.70, 0.9),
        completed("b", 0, 0.80, 0.7),
        completed("c", 0, 0.70, 0.8), // ties a on accuracy, lower loss: ahead of a
        failed("d", 0, "OutOfMemoryError, at epoch 0"),
        record("e", 0, TrialStatus.DIVERGED, 0.1, Double.NaN, "loss is NaN at epoch 1"));
  }

  static List<TrialRecord> repeated() {
    return List.of(
        completed("p", 0, 0.5, 1.2),
        completed("p", 1, 0.7, 1.0),
        completed("q", 0, 0.65, 1.0),
        completed("q", 1, 0.65, 0.9),
        completed("s", 0, 0.9, 0.5),
        failed("s", 1, "executor lost"));
  }

  private static List<String> ids(Ranking r) {
    return r.rows().stream().map(x -> x.trial().trialId()).collect(Collectors.toList());
  }

  @Test
  void ranksByFinalAccuracyThenLowerLossAndSetsFailuresApart() {
    Ranking r = Ranking.of(single());
    assertFalse(r.grouped());
    assertEquals(List.of("b-r0", "c-r0", "a-r0"), ids(r));
    assertEquals(List.of(1, 2, 3), r.rows().stream().map(RankedTrial::rank).collect(Collectors.toList()));
    // failures by status (DIVERGED before FAILED), then id
    assertEquals(List.of("e-r0", "d-r0"), r.failures().stream().map(TrialRecord::trialId).collect(Collectors.toList()));
    assertEquals(3, r.count(TrialStatus.COMPLETED));
    assertEquals(1, r.count(TrialStatus.DIVERGED));
    assertEquals(1, r.count(TrialStatus.FAILED));
  }

  @Test
  void repeatsRankGridPointsByMeanWithSampleStd() {
    Ranking r = Ranking.of(repeated());
    assertTrue(r.grouped());
    // means by hand: s = 0.9 (one completed seed), q = (0.65 + 0.65) / 2 = 0.65, p = (0.5 + 0.7) / 2 = 0.6
    assertEquals(List.of("s", "q", "p"), r.points().stream().map(PointSummary::gridPoint).collect(Collectors.toList()));
    PointSummary p = r.points().get(2);
    assertEquals(0.6, p.meanAccuracy(), 1e-12);
    // sample std: sqrt(((0.5 - 0.6)^2 + (0.7 - 0.6)^2) / (2 - 1)) = sqrt(0.02) = 0.1414213562...
    assertEquals(0.14142135623730950, p.stdAccuracy(), 1e-12);
    assertEquals(2, p.seeds());
    assertEquals((1.2 + 1.0) / 2, p.meanLoss(), 1e-12);
    PointSummary q = r.points().get(1);
    assertEquals(0.0, q.stdAccuracy(), 1e-12);
    PointSummary s = r.points().get(0);
    assertEquals(1, s.seeds(), "the failed seed is not counted");
    assertTrue(Double.isNaN(s.stdAccuracy()), "std of one seed is undefined");

    // seeds share their point's rank; within a point, accuracy then loss (q-r1 has the lower loss)
    assertEquals(List.of("s-r0", "q-r1", "q-r0", "p-r1", "p-r0"), ids(r));
    assertEquals(List.of(1, 2, 2, 3, 3), r.rows().stream().map(RankedTrial::rank).collect(Collectors.toList()));
    assertEquals(List.of("s-r1"), r.failures().stream().map(TrialRecord::trialId).collect(Collectors.toList()));
  }

  @Test
  void equalMeansAreBrokenByLowerMeanLoss() {
    Ranking r = Ranking.of(List.of(
        completed("x", 0, 0.6, 1.0), completed("x", 1, 0.8, 1.0),   // mean 0.7, mean loss 1.0
        completed("y", 0, 0.7, 0.8), completed("y", 1, 0.7, 0.8))); // mean 0.7, mean loss 0.8
    assertEquals(List.of("y", "x"), r.points().stream().map(PointSummary::gridPoint).collect(Collectors.toList()));
  }
}
