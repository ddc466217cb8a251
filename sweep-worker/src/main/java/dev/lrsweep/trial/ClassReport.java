package dev.lrsweep.trial;

import java.io.Serializable;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support on the test set, with the averages scikit-learn's
 * {@code classification_report} adds, the confusion matrix, and the per-image outcome it was
 * counted from.
 *
 * @param classes one row per class, in label order
 * @param macroAvg unweighted mean over classes (support = total)
 * @param weightedAvg support-weighted mean over classes (support = total)
 * @param accuracy overall accuracy
 * @param confusion {@code confusion[actual][predicted]} counts
 * @param labels the true class of every test image, in the test split's order (fixed within a
 *     sweep: the same subset seed and limit give the same images in the same order); empty when
 *     not recorded (results written before per-image outcomes existed)
 * @param predictions the predicted class of every test image, same order and length as {@code
 *     labels}: paired tests between two trials (McNemar) compare them image by image
 */
public record ClassReport(
    List<ClassMetrics> classes,
    ClassMetrics macroAvg,
    ClassMetrics weightedAvg,
    double accuracy,
    int[][] confusion,
    byte[] labels,
    byte[] predictions)
    implements Serializable {

  public ClassReport {
    classes = List.copyOf(classes);
    labels = labels == null ? new byte[0] : labels;
    predictions = predictions == null ? new byte[0] : predictions;
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException("need one prediction per label: " + labels.length + " labels, "
          + predictions.length + " predictions");
    }
  }

  /** A report without per-image outcomes. */
  public ClassReport(List<ClassMetrics> classes, ClassMetrics macroAvg, ClassMetrics weightedAvg, double accuracy,
      int[][] confusion) {
    this(classes, macroAvg, weightedAvg, accuracy, confusion, new byte[0], new byte[0]);
  }

  /** Whether the per-image labels and predictions were recorded. */
  public boolean hasPredictions() {
    return predictions.length > 0;
  }
}
