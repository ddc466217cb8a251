package dev.lrsweep.halving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lrsweep.config.HalvingConfig;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who goes on after a rung: no Spark, no training. */
class PromotionTest {
  private static TrialResult r(String id, TrialStatus status, double acc, double loss) {
    return new TrialResult(id, status, "", List.of(), acc, loss, acc, 0, null, 0, 1, null);
  }

  @Test
  void bestFloorOfEnteredOverFactorGoOnTiesToLowerLossThenId() {
    HalvingConfig cfg = new HalvingConfig(List.of(1, 2), 2);
    List<TrialResult> finished = List.of(
        r("a", TrialStatus.COMPLETED, 0.30, 2.0),
        r("b", TrialStatus.COMPLETED, 0.50, 1.5),
        r("c", TrialStatus.COMPLETED, 0.50, 1.2),   // ties b on accuracy, lower loss: before b
        r("d", TrialStatus.COMPLETED, 0.10, 2.2),
        r("e", TrialStatus.COMPLETED, Double.NaN, Double.NaN));
    // 6 entered (one diverged, not in finished): floor(6 / 2) = 3 go on
    Promotion.Decision d = Promotion.decide(cfg, 6, finished);
    assertEquals(3, d.quota());
    assertEquals(List.of("c", "b", "a"), d.survivors().stream().map(TrialResult::trialId).toList());
    assertEquals(List.of("d", "e"), d.stopped().stream().map(TrialResult::trialId).toList(), "NaN ranks last");
    assertEquals(4, d.place("d"));

    // same accuracy and loss: the id decides, so a rerun decides the same
    Promotion.Decision tie = Promotion.decide(new HalvingConfig(List.of(1, 2), 3), 2,
        List.of(r("z", TrialStatus.COMPLETED, 0.2, 1.0), r("y", TrialStatus.COMPLETED, 0.2, 1.0)));
    assertEquals(List.of("y"), tie.survivors().stream().map(TrialResult::trialId).toList(), "floor(2/3) = 0 -> 1");
  }

  @Test
  void fewerFinishedThanTheQuotaAllGoOnAndOnlyCompletedCompete() {
    HalvingConfig cfg = new HalvingConfig(List.of(1, 2), 2);
    // 8 entered, quota 4, but 6 diverged: the 2 that finished go on
    Promotion.Decision d = Promotion.decide(cfg, 8,
        List.of(r("a", TrialStatus.COMPLETED, 0.3, 2.0), r("b", TrialStatus.COMPLETED, 0.2, 2.0)));
    assertEquals(2, d.survivors().size());
    assertEquals(0, d.stopped().size());
    assertThrows(IllegalArgumentException.class,
        () -> Promotion.decide(cfg, 2, List.of(r("a", TrialStatus.DIVERGED, 0.3, 2.0))));
  }
}
