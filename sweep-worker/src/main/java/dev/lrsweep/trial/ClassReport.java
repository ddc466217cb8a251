package dev.lrsweep.trial;

import java.io.Serializable;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support on the test set, with the averages scikit-learn's
 * {@code classification_report} adds, and the confusion matrix.
 *
 * @param classes one row per class, in label order
 * @param macroAvg unweighted mean over classes (support = total)
 * @param weightedAvg support-weighted mean over classes (support = total)
 * @param accuracy overall accuracy
 * @param confusion {@code confusion[actual][predicted]} counts
 */
public record ClassReport(
    List<ClassMetrics> classes,
    ClassMetrics macroAvg,
    ClassMetrics weightedAvg,
    double accuracy,
    int[][] confusion)
    implements Serializable {

  public ClassReport {
    classes = List.copyOf(classes);
  }
}
