/**
 * Running trials as Spark tasks: {@link dev.lrsweep.spark.SparkContexts} starts the context (one
 * {@code spark.task.cpus} slot per trial thread), {@link dev.lrsweep.spark.SparkTrialRunner} runs
 * one task per trial with failure isolation and hands each result to the caller as its task
 * finishes, and {@link dev.lrsweep.spark.SweepProgress} formats the console progress (pure, no
 * Spark).
 */
package dev.lrsweep.spark;
