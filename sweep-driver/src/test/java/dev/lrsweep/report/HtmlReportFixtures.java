package dev.lrsweep.report;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.ClassMetrics;
import dev.lrsweep.trial.ClassReport;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.Provenance;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A realistic sweep for the HTML report tests: five grid points with two seeds each, five epochs
 * of history, ten CIFAR-10 classes with a confusion matrix, one DIVERGED and one FAILED trial whose
 * message holds markup. The numbers are chosen so the expected values can be worked out by hand:
 *
 * <pre>
 * index point      repeat status     final acc   (final loss = 2 - final acc)
 *   0   cosine     0      COMPLETED  0.62
 *   1   cosine     1      COMPLETED  0.58      mean 0.60, std sqrt(2 * 0.02^2 / 1) = 0.0283
 *   2   step       0      COMPLETED  0.55
 *   3   step       1      COMPLETED  0.51      mean 0.53, std 0.0283
 *   4   warmup     0      COMPLETED  0.57
 *   5   warmup     1      COMPLETED  0.47      mean 0.52, std sqrt(2 * 0.05^2) = 0.0707
 *   6   exp        0      DIVERGED   (3 epochs, loss NaN at the third)
 *   7   exp        1      COMPLETED  0.30      one completed seed: mean 0.30, no std
 *   8   const      0      FAILED     (no epoch, no provenance, 1.5 s)
 *   9   const      1      COMPLETED  0.40      one completed seed: mean 0.40, no std
 * </pre>
 *
 * Trial i (except the failed one) started at 10:00:00Z + 100 i seconds, ran 90 s, trained at 200 +
 * 10 i images/s.
 */
final class HtmlReportFixtures {
  static final String[] CLASSES = {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
      "truck"};
  static final int EPOCHS = 5;
  /** The failed trial's message: an exception text can hold anything, markup included. */
  static final String EVIL_MESSAGE = "IllegalStateException: <script>alert(\"x\")</script> & 'more'";
  /** A label with markup, as a hand-edited results file could hold. */
  static final String EVIL_LABEL = "const(lr=0.5,<b>bold</b>)";

  private HtmlReportFixtures() {}

  /** The ten trials of the table above, in index order. */
  static List<TrialRecord> repeated() {
    List<TrialRecord> out = new ArrayList<>();
    out.add(completed(0, "cosine", "cosine(lr0=0.1)", 0, 0.62, cosine()));
    out.add(completed(1, "cosine", "cosine(lr0=0.1)", 1, 0.58, cosine()));
    out.add(completed(2, "step", "step(drop_every=2,factor=0.5,lr0=0.1)", 0, 0.55, step()));
    out.add(completed(3, "step", "step(drop_every=2,factor=0.5,lr0=0.1)", 1, 0.51, step()));
    out.add(completed(4, "warmup", "warmup_cosine(lr_max=0.1,warmup=2)", 0, 0.57, warmup()));
    out.add(completed(5, "warmup", "warmup_cosine(lr_max=0.1,warmup=2)", 1, 0.47, warmup()));
    out.add(diverged(6));
    out.add(completed(7, "exp", "exponential(lr0=1,rate=0.9)", 1, 0.30, exponential()));
    out.add(failed(8));
    out.add(completed(9, "const", EVIL_LABEL, 1, 0.40, constant()));
    return out;
  }

  /** Trials 0, 2, 4, 6, 8 and 9 re-indexed as repeat 0 only: a sweep without repeats. */
  static List<TrialRecord> single() {
    List<TrialRecord> out = new ArrayList<>();
    out.add(completed(0, "cosine", "cosine(lr0=0.1)", 0, 0.62, cosine()));
    out.add(completed(2, "step", "step(drop_every=2,factor=0.5,lr0=0.1)", 0, 0.55, step()));
    out.add(completed(4, "warmup", "warmup_cosine(lr_max=0.1,warmup=2)", 0, 0.57, warmup()));
    out.add(diverged(6));
    out.add(failed(8));
    return out;
  }

  /** Writes a {@code sweep.json} like ResultStore's, with a config value that holds markup. */
  static void writeManifest(Path outDir) throws IOException {
    Files.writeString(outDir.resolve("sweep.json"), """
        {
          "fingerprint" : "0123abcd",
          "fingerprint_fields" : {
            "data.test_limit" : "1000",
            "data.train_limit" : "4000",
            "training.epochs" : "5"
          },
          "config" : {
            "source" : "conf/<quick>.conf",
            "training" : { "epochs" : 5, "batch_size" : 64 },
            "repeats" : 2
          }
        }
        """, StandardCharsets.UTF_8);
  }

  static String id(String point, int repeat) {
    return point + "-lr0.1-r" + repeat;
  }

  // 0.1 * (1 + cos(pi * e / 5)) / 2 for e = 0..4
  private static double[] cosine() {
    double[] lr = new double[EPOCHS];
    for (int e = 0; e < EPOCHS; e++) {
      lr[e] = 0.1 * (1 + Math.cos(Math.PI * e / EPOCHS)) / 2;
    }
    return lr;
  }

  private static double[] step() {
    return new double[] {0.1, 0.1, 0.05, 0.05, 0.025};
  }

  /** Starts at 0, as a linear warmup does: a log-scale chart must leave that point out. */
  private static double[] warmup() {
    return new double[] {0.0, 0.05, 0.1, 0.075, 0.05};
  }

  private static double[] exponential() {
    return new double[] {1.0, 0.9, 0.81, 0.729, 0.6561};
  }

  private static double[] constant() {
    return new double[] {0.5, 0.5, 0.5, 0.5, 0.5};
  }

  /** Test accuracy climbs 0.05 per epoch to {@code finalAcc}; loss falls linearly from 2.3 to 2 - finalAcc. */
  private static TrialRecord completed(int index, String point, String label, int repeat, double finalAcc, double[] lr) {
    double finalLoss = 2 - finalAcc;
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 0; e < EPOCHS; e++) {
      double acc = finalAcc - 0.05 * (EPOCHS - 1 - e);
      double loss = 2.3 - (2.3 - finalLoss) * (e + 1) / EPOCHS;
      history.add(new EpochRecord(e, lr[e], loss + 0.1, acc - 0.02, loss, acc, 18.0));
    }
    String id = id(point, repeat);
    TrialResult result = new TrialResult(id, TrialStatus.COMPLETED, "", history, finalAcc, finalLoss, finalAcc,
        EPOCHS - 1, classReport(finalAcc), 200 + 10 * index, 90.0, provenance(index, repeat));
    return new TrialRecord(id, point, label, params(), point + "-lr0.1", repeat, 1000L + repeat, result);
  }

  /** Three epochs, the third with a NaN loss. */
  private static TrialRecord diverged(int index) {
    String id = id("exp", 0);
    double[] lr = exponential();
    List<EpochRecord> history = List.of(
        new EpochRecord(0, lr[0], 2.2, 0.12, 2.25, 0.15, 18.0),
        new EpochRecord(1, lr[1], 2.9, 0.10, 3.5, 0.11, 18.0),
        new EpochRecord(2, lr[2], Double.NaN, 0.10, Double.NaN, 0.10, 18.0));
    TrialResult result = new TrialResult(id, TrialStatus.DIVERGED, "test loss is NaN at epoch 2", history, 0.10,
        Double.NaN, 0.15, 0, classReport(0.10), 200 + 10 * index, 90.0, provenance(index, 0));
    return new TrialRecord(id, "exp", "exponential(lr0=1,rate=0.9)", params(), "exp-lr0.1", 0, 1000L, result);
  }

  private static TrialRecord failed(int index) {
    String id = id("const", 0);
    TrialResult result = new TrialResult(id, TrialStatus.FAILED, EVIL_MESSAGE, List.of(), Double.NaN, Double.NaN,
        Double.NaN, -1, null, 0.0, 1.5, null);
    return new TrialRecord(id, "const", EVIL_LABEL, params(), "const-lr0.1", 0, 1000L, result);
  }

  /**
   * 100 test images per class; class i is right {@code round(100 * acc)} times and mistaken for
   * classes i+1 and i+2 (mod 10) equally often, so every column also sums to 100 and precision =
   * recall = F1 = acc for every class.
   */
  static ClassReport classReport(double acc) {
    int right = (int) Math.round(100 * acc);
    int wrong = (100 - right) / 2;
    int[][] c = new int[10][10];
    for (int i = 0; i < 10; i++) {
      c[i][i] = right;
      c[i][(i + 1) % 10] = wrong;
      c[i][(i + 2) % 10] = 100 - right - wrong;
    }
    double p = right / 100.0;
    List<ClassMetrics> classes = new ArrayList<>();
    for (String name : CLASSES) {
      classes.add(new ClassMetrics(name, p, p, p, 100));
    }
    return new ClassReport(classes, new ClassMetrics("macro avg", p, p, p, 1000),
        new ClassMetrics("weighted avg", p, p, p, 1000), p, c);
  }

  private static Provenance provenance(int index, int repeat) {
    String started = Instant.parse("2026-01-01T10:00:00Z").plusSeconds(100L * index).toString();
    return new Provenance("0.1.0", "1.0.0-M2.1", "linux-x86_64-onednn-avx512", index % 2 == 0 ? "node-a" : "node-b",
        "OpenJDK 64-Bit Server VM 17.0.12", "Linux 6.1 amd64", 2, 1000L + repeat, started,
        "minivgg", "cifar10", "sgd(momentum=0.9,nesterov=true)");
  }

  private static SortedMap<String, Object> params() {
    SortedMap<String, Object> p = new TreeMap<>();
    p.put("lr0", 0.1);
    return p;
  }
}
