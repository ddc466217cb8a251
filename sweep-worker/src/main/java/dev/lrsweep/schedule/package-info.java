/**
 * Learning-rate schedule families as immutable records with validated parameters and pure rate
 * functions, the registry that builds them by name, and the adapter through which ND4J's
 * updaters apply them.
 *
 * <p>Counters: every formula here takes the 0-based {@code epoch} and {@code iteration} of ND4J's
 * updater (and of Keras's {@code LearningRateScheduler(epoch)} and optimizer iterations), so the
 * first epoch is epoch 0 in a formula, as in the articles the families come from (see {@link
 * dev.lrsweep.schedule.StepSchedule} for PyImageSearch's {@code 1 + epoch}). Everything a person reads (console, logs, the report,
 * {@code best_epoch} in the rankings) counts epochs from 1, as Keras prints {@code Epoch 1/40};
 * {@code results.jsonl} stores the 0-based index ({@code history[].epoch}, {@code best_epoch}).
 */
package dev.lrsweep.schedule;
