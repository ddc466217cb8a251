package dev.lrsweep.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated sweep configuration. Built only by {@link SweepConfigLoader}; every value in it has
 * passed its rule.
 *
 * @param source where it came from, for messages and {@code sweep.json} (the file as given, or
 *     {@code "(defaults)"})
 * @param data dataset location and subset sizes
 * @param training what every trial shares: epochs, batch size, optimizer
 * @param seed the sweep seed: trial seeds derive from it and the trial id; it also picks the data
 *     subset, so every trial sees the same images
 * @param repeats seeds per grid point, at least 1
 * @param threads OpenMP/BLAS threads per trial (Spark's {@code spark.task.cpus})
 * @param out output directory, as written (relative paths are relative to the working directory)
 * @param maxTrials the most trials (grid points times repeats) a sweep may have
 * @param grid the grid entries, each already expanded into its valid points
 * @param halving present when {@code scheduler = halving}: the rungs and the reduction factor;
 *     empty for the full grid ({@code scheduler = grid})
 * @param seeding paired (repeat r of every grid point shares one seed) or independent (a seed per
 *     trial); see {@link Seeding}
 * @param sharing whether trials of a repeat train the epochs they share once (prefix sharing,
 *     {@code sharing}); true only with paired seeding
 * @param alpha significance level of the ranking's comparisons with the best grid point ({@code
 *     ranking.alpha}, in (0, 1)): a point is tied with the best unless its Holm-adjusted p-value is
 *     below it
 * @param settings every key of the resolved configuration (defaults, file, overrides) that has a
 *     value, by dotted path, a string as it is and anything else rendered as JSON; what the resume fingerprint is made of
 *     (see {@code SweepManifest}), so a key added to {@code reference.conf} is covered without
 *     being listed anywhere
 */
public record SweepConfig(
    String source,
    DataConfig data,
    TrainingConfig training,
    long seed,
    int repeats,
    int threads,
    Path out,
    int maxTrials,
    List<GridEntry> grid,
    Optional<HalvingConfig> halving,
    Seeding seeding,
    boolean sharing,
    double alpha,
    SortedMap<String, String> settings) {

  /** The default of {@code ranking.alpha}. */
  public static final double DEFAULT_ALPHA = 0.05;

  public SweepConfig {
    Objects.requireNonNull(seeding, "seeding");
    if (sharing && seeding != Seeding.PAIRED) {
      throw new IllegalArgumentException("prefix sharing needs paired seeding");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), found " + alpha);
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(halving, "halving");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(out, "out");
    grid = List.copyOf(grid);
    settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
  }
}
