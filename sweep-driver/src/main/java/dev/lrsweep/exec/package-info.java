/**
 * How a sweep's trials become Spark tasks: a forest of {@link dev.lrsweep.exec.Node segments}
 * ({@link dev.lrsweep.exec.PrefixForest}: one per trial, or shared prefixes), run by {@link
 * dev.lrsweep.exec.ForestRun} on the one execution path ({@code SparkTrialRunner}). A full grid is
 * one forest from epoch 0 to every trial's last epoch; successive halving runs one forest per rung.
 */
package dev.lrsweep.exec;
