package dev.lrsweep.store;

import dev.lrsweep.trial.ClassMetrics;
import dev.lrsweep.trial.ClassReport;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.Provenance;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Hand-made trial records for store and report tests (no training involved). */
public final class TrialFixtures {
  private TrialFixtures() {}

  /** The 20 test images of the fixture's report: 10 of class 0, then 10 of class 1. */
  static final byte[] LABELS = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  /** Predictions matching the confusion matrix {{6, 4}, {4, 6}}. */
  static final byte[] PREDICTIONS = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};

  /** A record whose final accuracy and loss are the last epoch's, with a 2-class report. */
  public static TrialRecord record(String gridPoint, int repeat, TrialStatus status, double finalAccuracy,
      double finalLoss, String message) {
    String id = gridPoint + "-r" + repeat;
    List<EpochRecord> history = new ArrayList<>();
    // two epochs: the first at 0.1 less accuracy, so best is the last one unless diverged
    history.add(new EpochRecord(0, 0.01, 2.0, 0.3, finalLoss + 0.5, finalAccuracy - 0.1, 10.0));
    history.add(new EpochRecord(1, 0.005, 1.5, 0.4, finalLoss, finalAccuracy, 11.0));
    ClassReport report = new ClassReport(
        List.of(new ClassMetrics("airplane", 0.5, 0.6, 0.545, 10), new ClassMetrics("automobile", 0.7, 0.6, 0.646, 10)),
        new ClassMetrics("macro avg", 0.6, 0.6, 0.596, 20),
        new ClassMetrics("weighted avg", 0.6, 0.6, 0.596, 20),
        finalAccuracy,
        new int[][] {{6, 4}, {4, 6}},
        LABELS.clone(),
        PREDICTIONS.clone());
    Provenance provenance = new Provenance("0.1.0", "1.0.0-M2.1", "linux-x86_64-onednn-avx512", "host-a",
        "OpenJDK 64-Bit Server VM 17", "Linux 6.1 amd64", 2, 1234L + repeat, "2026-01-01T00:00:00Z",
        "minivgg", "cifar10", "sgd(momentum=0.9,nesterov=true)");
    TrialResult result = new TrialResult(id, status, message, history, finalAccuracy, finalLoss,
        Math.max(finalAccuracy, finalAccuracy - 0.1), 1, report, 250.5, 21.0 + repeat, provenance);
    return new TrialRecord(id, family(gridPoint), "label of " + gridPoint + " (a, b)", params(), gridPoint, repeat,
        99L + repeat, result);
  }

  /** A completed record. */
  public static TrialRecord completed(String gridPoint, int repeat, double finalAccuracy, double finalLoss) {
    return record(gridPoint, repeat, TrialStatus.COMPLETED, finalAccuracy, finalLoss, "");
  }

  /** A failed record: no epochs ran. */
  public static TrialRecord failed(String gridPoint, int repeat, String message) {
    String id = gridPoint + "-r" + repeat;
    TrialResult result = new TrialResult(id, TrialStatus.FAILED, message, List.of(), Double.NaN, Double.NaN,
        Double.NaN, -1, null, 0.0, 1.5, null);
    return new TrialRecord(id, family(gridPoint), "label of " + gridPoint, params(), gridPoint, repeat, 7L, result);
  }

  private static String family(String gridPoint) {
    int dash = gridPoint.indexOf('-');
    return dash < 0 ? gridPoint : gridPoint.substring(0, dash);
  }

  private static SortedMap<String, Object> params() {
    SortedMap<String, Object> p = new TreeMap<>();
    p.put("lr0", 0.01);
    p.put("drop_every", 5L);
    p.put("boundaries", List.of(3L, 5L));
    p.put("unit", "epoch");
    p.put("staircase", false);
    return p;
  }
}
