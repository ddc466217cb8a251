package dev.lrsweep.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batches over a split.
 *
 * <p>The iterators reuse their arrays: a {@link Batch} returned by {@code next()} is valid only
 * until the following {@code next()} call, so copy it (or hand it to ND4J, which copies) before
 * asking for the next one. Full batches share one pair of arrays; a smaller last batch gets its
 * own arrays of exactly its size, so {@code features().length == size() * split.imageSize()} and
 * {@code labels().length == size()} always hold.
 */
public final class Batches {
  private Batches() {}

  /**
   * The batches of one training epoch, in an order shuffled with a generator seeded from
   * {@code (seed, epoch)}: the same arguments always give the same batches. The last batch is
   * smaller when the split size is not a multiple of {@code batchSize}.
   */
  public static Iterator<Batch> shuffled(ImageSplit split, int batchSize, long seed, int epoch) {
    Objects.requireNonNull(split, "split");
    checkBatchSize(batchSize);
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be 0 or greater, found " + epoch);
    }
    return new BatchIterator(split, batchSize, permutation(split.size(), seed, epoch));
  }

  /** The batches of a split in its stored order (for evaluation). */
  public static Iterator<Batch> inOrder(ImageSplit split, int batchSize) {
    Objects.requireNonNull(split, "split");
    checkBatchSize(batchSize);
    return new BatchIterator(split, batchSize, null);
  }

  /** Number of batches an epoch of {@code splitSize} images has with this batch size. */
  public static int count(int splitSize, int batchSize) {
    checkBatchSize(batchSize);
    return (splitSize + batchSize - 1) / batchSize;
  }

  /** The image order of one epoch: a uniform permutation of 0..n-1 (Fisher-Yates). */
  static int[] permutation(int n, long seed, int epoch) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(Mix.epochSeed(seed, epoch));
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be 1 or greater, found " + batchSize);
    }
  }

  private static final class BatchIterator implements Iterator<Batch> {
    private final ImageSplit split;
    private final int batchSize;
    private final int[] order; // null: stored order
    private final float[] features;
    private final int[] labels;
    private int next;

    BatchIterator(ImageSplit split, int batchSize, int[] order) {
      this.split = split;
      this.batchSize = batchSize;
      this.order = order;
      int full = Math.min(batchSize, split.size());
      this.features = new float[full * split.imageSize()];
      this.labels = new int[full];
    }

    @Override
    public boolean hasNext() {
      return next < split.size();
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException(
            "all " + split.size() + " images of the split have been served");
      }
      int size = Math.min(batchSize, split.size() - next);
      float[] f = features;
      int[] l = labels;
      if (size != labels.length) {
        f = new float[size * split.imageSize()];
        l = new int[size];
      }
      for (int k = 0; k < size; k++) {
        int image = order == null ? next + k : order[next + k];
        split.copyImage(image, f, k * split.imageSize());
        l[k] = split.label(image);
      }
      next += size;
      return new Batch(f, l, size);
    }
  }
}
