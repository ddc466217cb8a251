package dev.lrsweep.data;

import java.util.Iterator;

/**
 * Mini-batches over a split.
 *
 * <p>CONTRACT STUB: the data issue implements this class; the method signatures are fixed.
 */
public final class Batches {
  private Batches() {}

  /**
   * The batches of one training epoch, in an order shuffled with a generator seeded from
   * {@code (seed, epoch)}: the same arguments always give the same batches. The last batch is
   * smaller when the split size is not a multiple of {@code batchSize}.
   */
  public static Iterator<Batch> shuffled(CifarSplit split, int batchSize, long seed, int epoch) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The batches of a split in its stored order (for evaluation). */
  public static Iterator<Batch> inOrder(CifarSplit split, int batchSize) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
