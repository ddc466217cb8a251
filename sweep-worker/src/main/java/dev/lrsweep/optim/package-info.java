/**
 * Optimizers: how a trial turns a gradient into a parameter update, with the learning rate from
 * the trial's schedule. {@link dev.lrsweep.optim.Optimizer} is the seam, {@link
 * dev.lrsweep.optim.OptimizerRegistry} maps the configuration's names ({@code sgd}, {@code adam},
 * {@code adamw}) to the records that implement them and validates their parameters.
 */
package dev.lrsweep.optim;
