/**
 * The trial trainer: the epoch loop around MiniVGG, the learning rate from the trial's schedule
 * through ND4J's updater, per-epoch history and logging, divergence detection, threads and
 * provenance.
 */
package dev.lrsweep.train;
