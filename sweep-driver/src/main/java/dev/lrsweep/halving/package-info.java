/**
 * Successive halving across a sweep ({@code scheduler = halving}): every trial trains to the
 * first rung, the best 1/factor go on from checkpoints of exactly where they stopped, the rest are
 * recorded as STOPPED. {@link dev.lrsweep.halving.Promotion} decides, {@link
 * dev.lrsweep.halving.RungLog} remembers finished rungs so a rerun resumes, and {@link
 * dev.lrsweep.halving.HalvingSweep} runs the rungs as Spark jobs. See docs/HALVING.md.
 */
package dev.lrsweep.halving;
