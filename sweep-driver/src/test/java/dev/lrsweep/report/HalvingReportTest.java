package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.store.HalvingMark;
import dev.lrsweep.store.TrialJson;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Stopped trials in the ranking, compute saved, rank agreement: no Spark, no training. */
class HalvingReportTest {
  private static TrialRecord trial(String id, TrialStatus status, int epochs, double acc, double seconds,
      Optional<HalvingMark> mark) {
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      history.add(new EpochRecord(e, 0.01, 2, 0.2, 2, acc, seconds / epochs));
    }
    TrialResult r = new TrialResult(id, status, "", history, acc, 2 - acc, acc, epochs - 1, null, 100, seconds, null);
    return new TrialRecord(id, "constant", "constant(" + id + ")", new TreeMap<>(), id, 0, 1, r, mark, 0);
  }

  private static Optional<HalvingMark> at(int rung, int rungEpoch) {
    return Optional.of(new HalvingMark(rung, 3, rungEpoch, 4, 0));
  }

  @Test
  void stoppedTrialsRankAfterSurvivorsByRungThenAccuracyAndSavingsCountEpochs() {
    List<TrialRecord> halving = List.of(
        trial("w", TrialStatus.COMPLETED, 4, 0.6, 40, at(2, 4)),
        trial("s1", TrialStatus.STOPPED, 1, 0.9, 10, at(0, 1)),   // best accuracy, but stopped earliest
        trial("s2", TrialStatus.STOPPED, 2, 0.4, 20, at(1, 2)),
        trial("s3", TrialStatus.STOPPED, 1, 0.3, 10, at(0, 1)),
        trial("d", TrialStatus.DIVERGED, 1, Double.NaN, 5, at(0, 1)));
    Ranking ranking = Ranking.of(halving);
    assertEquals(List.of("w"), ranking.rows().stream().map(r -> r.trial().trialId()).toList());
    assertEquals(List.of("s2", "s1", "s3"), ranking.stopped().stream().map(TrialRecord::trialId).toList(),
        "later rung first, then accuracy there");
    assertEquals(List.of("d"), ranking.failures().stream().map(TrialRecord::trialId).toList());
    assertTrue(ConsoleReport.summary(ranking).startsWith("5 trials: 1 completed, 3 stopped by successive halving,"));

    HalvingReport.Savings s = HalvingReport.savings(ranking).orElseThrow();
    // epochs run: 4 + 1 + 2 + 1 + 1 = 9 of 5 x 4 = 20; seconds 85; estimate
    // 40/4*4 + 10/1*4 + 20/2*4 + 10/1*4 + 5/1*4 = 40 + 40 + 40 + 40 + 20 = 180
    assertEquals(9, s.epochsTrained());
    assertEquals(20, s.fullEpochs());
    assertEquals(0.55, s.epochsSaved(), 1e-12);
    assertEquals(85, s.trialSeconds(), 1e-9);
    assertEquals(180, s.fullSecondsEstimate(), 1e-9);
    String text = HalvingReport.console(ranking);
    assertTrue(text.contains("9 of 20 epochs trained (55.0% saved"), text);
    assertTrue(text.contains("rung 1/3"), text);
    assertEquals("", HalvingReport.console(Ranking.of(List.of(trial("g", TrialStatus.COMPLETED, 4, 0.5, 4,
        Optional.empty())))), "nothing for a full grid");

    // the mark survives results.jsonl
    TrialRecord back = TrialJson.read(TrialJson.write(halving.get(2)));
    assertEquals(halving.get(2).halving(), back.halving());
    assertEquals(TrialStatus.STOPPED, back.result().status());
  }

  @Test
  void rankAgreementAgainstTheFullGrid() {
    List<String> a = List.of("p", "q", "r", "s");
    // identical orders: rho = tau = 1; reversed: -1
    assertEquals(1.0, HalvingReport.spearman(a, a, a), 1e-12);
    assertEquals(-1.0, HalvingReport.kendall(a, a, List.of("s", "r", "q", "p")), 1e-12);
    // one adjacent swap of 4: d^2 = 1 + 1 = 2, rho = 1 - 6*2/(4*15) = 0.8; tau = (5 - 1)/6 = 2/3
    List<String> b = List.of("q", "p", "r", "s");
    assertEquals(0.8, HalvingReport.spearman(a, a, b), 1e-12);
    assertEquals(2.0 / 3, HalvingReport.kendall(a, a, b), 1e-12);

    Ranking halving = Ranking.of(List.of(
        trial("p", TrialStatus.COMPLETED, 4, 0.6, 4, at(2, 4)),
        trial("q", TrialStatus.STOPPED, 2, 0.5, 2, at(1, 2)),
        trial("r", TrialStatus.STOPPED, 1, 0.4, 1, at(0, 1))));
    Ranking full = Ranking.of(List.of(
        trial("p", TrialStatus.COMPLETED, 4, 0.7, 4, Optional.empty()),
        trial("q", TrialStatus.COMPLETED, 4, 0.5, 4, Optional.empty()),
        trial("r", TrialStatus.COMPLETED, 4, 0.6, 4, Optional.empty())));
    HalvingReport.Comparison c = HalvingReport.compare(halving, full);
    assertEquals("p", c.fullWinner());
    assertTrue(c.winnerSurvived());
    assertEquals(3, c.common());
    // halving p, q, r vs full p, r, q: d^2 = 0 + 1 + 1 = 2, rho = 1 - 12/24 = 0.5; tau = (2 - 1)/3
    assertEquals(0.5, c.spearman(), 1e-12);
    assertEquals(1.0 / 3, c.kendall(), 1e-12);
    assertEquals(1, c.completedBoth());
    assertTrue(Double.isNaN(c.spearmanCompleted()));
    assertTrue(HalvingReport.render(c, halving, full).contains("survived every rung"));
  }
}
