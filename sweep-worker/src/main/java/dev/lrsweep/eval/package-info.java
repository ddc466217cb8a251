/**
 * Evaluation: the confusion matrix and the per-class precision, recall, F1 and support report
 * (as scikit-learn's {@code classification_report}), in pure Java.
 */
package dev.lrsweep.eval;
