package dev.lrsweep.trial;

import java.io.Serializable;

/** One row of a classification report, as scikit-learn's {@code classification_report} prints it. */
public record ClassMetrics(String name, double precision, double recall, double f1, int support)
    implements Serializable {}
