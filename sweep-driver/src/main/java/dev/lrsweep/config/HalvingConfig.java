package dev.lrsweep.config;

import java.util.List;

/**
 * The {@code halving} section, for {@code scheduler = halving}: successive halving over the
 * sweep's trials (docs/HALVING.md).
 *
 * @param rungs epoch counts at which trials are compared, strictly ascending, each at least 1;
 *     the last is {@code training.epochs}
 * @param reductionFactor after each rung the best {@code floor(n / reductionFactor)} of the n
 *     trials that entered it go on (at least 1), at least 2
 */
public record HalvingConfig(List<Integer> rungs, int reductionFactor) {
  public HalvingConfig {
    rungs = List.copyOf(rungs);
    if (rungs.isEmpty()) {
      throw new IllegalArgumentException("halving.rungs must have at least one epoch count, found []");
    }
    for (int i = 0; i < rungs.size(); i++) {
      if (rungs.get(i) < 1 || (i > 0 && rungs.get(i) <= rungs.get(i - 1))) {
        throw new IllegalArgumentException(
            "halving.rungs must be strictly ascending epoch counts of at least 1, found " + rungs);
      }
    }
    if (reductionFactor < 2) {
      throw new IllegalArgumentException("halving.reduction_factor must be 2 or greater, found " + reductionFactor);
    }
  }

  /** How many of {@code entered} trials go on to the next rung: floor(entered / factor), at least 1. */
  public int survivors(int entered) {
    return entered == 0 ? 0 : Math.max(1, entered / reductionFactor);
  }

  /** The epoch count of rung {@code k} (0-based). */
  public int epochs(int k) {
    return rungs.get(k);
  }

  /** The last rung's index. */
  public int lastRung() {
    return rungs.size() - 1;
  }
}
