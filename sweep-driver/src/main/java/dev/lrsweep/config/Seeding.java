package dev.lrsweep.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a sweep gives its trials seeds (config key {@code seeding}). The seed decides the initial
 * weights, the order of the training batches and the dropout masks ({@code TrialTrainer}).
 *
 * <ul>
 *   <li>{@link #PAIRED} (the default): repeat r of every grid point gets the same seed, derived
 *       from the sweep seed and r. Within a repeat only the schedule differs, so a difference
 *       between two schedules is not blurred by seed luck (common random numbers): the spread of
 *       the paired differences is smaller than that of the accuracies, and two schedules with the
 *       same learning rates for their first k epochs train identically for those k epochs.
 *   <li>{@link #INDEPENDENT}: every trial its own seed, derived from the sweep seed and the trial
 *       id (the only behaviour before the key existed).
 * </ul>
 */
public enum Seeding {
  PAIRED,
  INDEPENDENT;

  /** The config spelling: {@code paired}, {@code independent}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode spelled {@code key}, if any. */
  public static Optional<Seeding> of(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
  }

  /** The valid spellings, for error messages: {@code paired, independent}. */
  public static String keys() {
    return Arrays.stream(values()).map(Seeding::key).collect(Collectors.joining(", "));
  }
}
