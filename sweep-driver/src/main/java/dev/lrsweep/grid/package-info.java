/**
 * Grid expansion: a validated {@link dev.lrsweep.config.SweepConfig}'s grid points times its
 * repeats become {@link dev.lrsweep.grid.PlannedTrial}s with stable, file-name-safe ids and seeds
 * derived from the sweep seed and the repeat (paired seeding) or the id (independent) ({@link
 * dev.lrsweep.grid.TrialIds}). {@link
 * dev.lrsweep.grid.SweepPlanner} loads, validates and plans in one call and reports duplicates,
 * empty grids and grids over {@code max_trials} together with the config's own errors.
 */
package dev.lrsweep.grid;
