package dev.lrsweep.eval;

import dev.lrsweep.trial.ClassMetrics;
import dev.lrsweep.trial.ClassReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (actual, predicted) class pairs, and the per-class report scikit-learn's {@code
 * classification_report} prints from them.
 *
 * <p>Conventions follow scikit-learn: precision of a class never predicted, recall of a class
 * with no support and F1 when precision + recall is 0 are all 0 (scikit-learn's {@code
 * zero_division} default, minus its warning); the macro average is the unweighted mean over
 * classes and the weighted average weighs each class by its support; both report the total
 * support. Not thread-safe.
 */
public final class ConfusionMatrix {
  private final List<String> classNames;
  private final long[][] counts;

  /** An empty matrix over the given classes (label {@code i} is {@code classNames.get(i)}). */
  public ConfusionMatrix(List<String> classNames) {
    if (classNames.size() < 2) {
      throw new IllegalArgumentException("need 2 or more classes, found " + classNames.size());
    }
    this.classNames = List.copyOf(classNames);
    this.counts = new long[classNames.size()][classNames.size()];
  }

  /** Records one prediction. */
  public void add(int actual, int predicted) {
    check("actual", actual);
    check("predicted", predicted);
    counts[actual][predicted]++;
  }

  /** Records {@code n} predictions. */
  public void addAll(int[] actual, int[] predicted, int n) {
    for (int i = 0; i < n; i++) {
      add(actual[i], predicted[i]);
    }
  }

  /** Number of predictions recorded. */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  /** Count of images of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** Fraction of predictions that were right (NaN when empty). */
  public double accuracy() {
    long total = total();
    if (total == 0) {
      return Double.NaN;
    }
    long right = 0;
    for (int i = 0; i < counts.length; i++) {
      right += counts[i][i];
    }
    return (double) right / total;
  }

  /** Precision, recall, F1 and support per class, their averages, accuracy and the matrix. */
  public ClassReport report() {
    int k = counts.length;
    List<ClassMetrics> rows = new ArrayList<>(k);
    long total = total();
    double[] macro = new double[3];
    double[] weighted = new double[3];
    for (int c = 0; c < k; c++) {
      long tp = counts[c][c];
      long support = 0;
      long predicted = 0;
      for (int j = 0; j < k; j++) {
        support += counts[c][j];
        predicted += counts[j][c];
      }
      double precision = predicted == 0 ? 0 : (double) tp / predicted;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      rows.add(new ClassMetrics(classNames.get(c), precision, recall, f1, (int) support));
      macro[0] += precision / k;
      macro[1] += recall / k;
      macro[2] += f1 / k;
      if (total > 0) {
        double w = (double) support / total;
        weighted[0] += precision * w;
        weighted[1] += recall * w;
        weighted[2] += f1 * w;
      }
    }
    int[][] matrix = new int[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        matrix[i][j] = Math.toIntExact(counts[i][j]);
      }
    }
    return new ClassReport(
        rows,
        new ClassMetrics("macro avg", macro[0], macro[1], macro[2], (int) total),
        new ClassMetrics("weighted avg", weighted[0], weighted[1], weighted[2], (int) total),
        accuracy(),
        matrix);
  }

  /**
   * The report with the per-image outcomes it was counted from ({@link ClassReport#labels()},
   * {@link ClassReport#predictions()}).
   *
   * @throws IllegalArgumentException when they are not the images this matrix counted
   */
  public ClassReport report(byte[] labels, byte[] predictions) {
    ClassReport r = report();
    if (labels.length != total() || predictions.length != total()) {
      throw new IllegalArgumentException("the matrix counted " + total() + " images, found " + labels.length
          + " labels and " + predictions.length + " predictions");
    }
    return new ClassReport(r.classes(), r.macroAvg(), r.weightedAvg(), r.accuracy(), r.confusion(), labels,
        predictions);
  }

  private void check(String what, int label) {
    if (label < 0 || label >= counts.length) {
      throw new IllegalArgumentException(
          what + " label must be in [0, " + (counts.length - 1) + "], found " + label);
    }
  }
}
