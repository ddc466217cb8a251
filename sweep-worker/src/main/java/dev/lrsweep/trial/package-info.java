/**
 * What a trial is and what happened to it, as plain serializable values: {@link
 * dev.lrsweep.trial.TrialSpec} goes from the driver to a Spark task, {@link
 * dev.lrsweep.trial.TrialResult} comes back. Neither knows about Spark.
 */
package dev.lrsweep.trial;
