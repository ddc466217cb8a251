/**
 * The statistics behind a ranking people can trust, as pure functions of numbers (no Spark, no
 * I/O): a sample's mean with its Student-t interval ({@link dev.lrsweep.stats.MeanInterval}), the
 * paired comparison of two schedules over shared seeds with its t interval, two-sided t-test and
 * exact sign-flip permutation p-value ({@link dev.lrsweep.stats.PairedComparison}), Holm's
 * step-down adjustment for comparing many schedules with the best ({@link
 * dev.lrsweep.stats.Holm}), and, for one seed per schedule, McNemar's exact test on two networks'
 * per-image outcomes and Wilson's interval of an accuracy ({@link dev.lrsweep.stats.McNemar},
 * {@link dev.lrsweep.stats.Wilson}). Distributions come from Apache Commons Math 3.
 */
package dev.lrsweep.stats;
