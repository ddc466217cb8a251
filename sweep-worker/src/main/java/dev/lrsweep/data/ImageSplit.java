package dev.lrsweep.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One split of an image dataset (train or test), held as bytes: {@code size()} images of {@link
 * ImageShape#size()} bytes, channel-major (CIFAR-10's official layout: 1024 R, 1024 G, 1024 B,
 * each row-major 32x32; MNIST's one 28x28 grey plane), and their labels {@code 0..classes-1}.
 * Immutable and safe to share between threads.
 *
 * <p>A split is either the full split as read (its own pixel and label arrays) or a view of one
 * (an index array over the same bytes, from {@link #balancedSubset}), so a subset costs 4 bytes
 * per image instead of 3072 and every trial in a JVM shares the one copy the cache holds.
 */
public final class ImageSplit {

  /**
   * byte value (unsigned) to float in [0, 1]: a table lookup is the cheapest exact conversion
   * in the training loop, and {@code v / 255f} computed once per value is exactly what the
   * contract promises (multiplying by {@code 1 / 255f} would differ in the last bit for some v).
   */
  private static final float[] TO_UNIT = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      TO_UNIT[v] = v / 255f;
    }
  }

  private final ImageShape shape;
  private final int imageBytes;
  private final int classes;

  /** Pixels of the underlying full split: image {@code j} at {@code j * imageBytes}. */
  private final byte[] pixels;

  /** Labels of the underlying full split. */
  private final byte[] labels;

  /** Image {@code i} of this split is image {@code index[i]} of the full split; null = identity. */
  private final int[] index;

  private final int size;

  /**
   * A full split over {@code pixels} and {@code labels}, which it takes ownership of (no copy:
   * the reader hands over freshly read arrays and never touches them again).
   */
  ImageSplit(ImageShape shape, int classes, byte[] pixels, byte[] labels) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (classes < 2 || classes > 256) {
      throw new IllegalArgumentException("classes must be in [2, 256], found " + classes);
    }
    if ((long) labels.length * shape.size() != pixels.length) {
      throw new IllegalArgumentException(
          "pixels must hold " + shape.size() + " bytes per label (" + labels.length
              + " labels), found " + pixels.length + " bytes");
    }
    this.shape = shape;
    this.imageBytes = shape.size();
    this.classes = classes;
    this.pixels = pixels;
    this.labels = labels;
    this.index = null;
    this.size = labels.length;
  }

  private ImageSplit(ImageSplit full, int[] index) {
    this.shape = full.shape;
    this.imageBytes = full.imageBytes;
    this.classes = full.classes;
    this.pixels = full.pixels;
    this.labels = full.labels;
    this.index = index;
    this.size = index.length;
  }

  /** The shape of every image. */
  public ImageShape shape() {
    return shape;
  }

  /** Values per image ({@code shape().size()}). */
  public int imageSize() {
    return imageBytes;
  }

  /** Number of classes; labels are {@code 0..classes()-1}. */
  public int classes() {
    return classes;
  }

  /** Number of images. */
  public int size() {
    return size;
  }

  /** Label of image {@code i}, {@code 0..classes()-1}. */
  public int label(int i) {
    return labels[base(i)];
  }

  /**
   * Writes image {@code i} as floats scaled to [0, 1] (byte / 255), channel-major (CHW, the
   * official layout, which is NCHW per image) into {@code dst} from {@code offset}.
   */
  public void copyImage(int i, float[] dst, int offset) {
    int src = base(i) * imageBytes;
    Objects.checkFromIndexSize(offset, imageBytes, dst.length);
    byte[] p = pixels;
    float[] table = TO_UNIT;
    for (int k = 0; k < imageBytes; k++) {
      dst[offset + k] = table[p[src + k] & 0xFF];
    }
  }

  /**
   * The raw bytes of image {@code i} (CHW, unsigned values 0..255 stored as Java bytes), as a
   * fresh copy; for tests and tools, not the training loop.
   */
  public byte[] imageBytes(int i) {
    int src = base(i) * imageBytes;
    return Arrays.copyOfRange(pixels, src, src + imageBytes);
  }

  /** Images per label: {@code result[c]} is the number of images with label {@code c}. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    for (int i = 0; i < size; i++) {
      counts[label(i)]++;
    }
    return counts;
  }

  /**
   * A class-balanced subset of {@code limit} images (limit / classes per class, remainder spread
   * over the lowest labels), chosen with {@code seed}; {@code limit == 0} or {@code limit >=
   * size()} returns this split. The same (limit, seed) always gives the same subset.
   *
   * <p>The subset keeps this split's stored order (so evaluation over it is reproducible too)
   * and shares its bytes: it is a view, not a copy.
   *
   * @throws IllegalArgumentException when {@code limit} is negative, or a class has fewer
   *     images than its share of {@code limit}
   */
  public ImageSplit balancedSubset(int limit, long seed) {
    if (limit < 0) {
      throw new IllegalArgumentException(
          "subset limit must be 0 (all images) or positive, found " + limit);
    }
    if (limit == 0 || limit >= size) {
      return this;
    }
    int[] counts = classCounts();
    int[][] byClass = new int[classes][];
    for (int c = 0; c < classes; c++) {
      byClass[c] = new int[counts[c]];
    }
    int[] filled = new int[classes];
    for (int i = 0; i < size; i++) {
      int c = label(i);
      byClass[c][filled[c]++] = i;
    }
    int[] chosen = new int[limit];
    int n = 0;
    SplittableRandom random = new SplittableRandom(Mix.mix64(seed));
    for (int c = 0; c < classes; c++) {
      int quota = limit / classes + (c < limit % classes ? 1 : 0);
      int[] members = byClass[c];
      if (quota > members.length) {
        throw new IllegalArgumentException(
            "a balanced subset of " + limit + " images needs " + quota + " of class " + c
                + ", but the split has only " + members.length);
      }
      // Partial Fisher-Yates: the first `quota` slots become a uniform sample of the class.
      for (int k = 0; k < quota; k++) {
        int j = k + random.nextInt(members.length - k);
        int t = members[k];
        members[k] = members[j];
        members[j] = t;
        chosen[n++] = members[k];
      }
    }
    Arrays.sort(chosen);
    for (int k = 0; k < limit; k++) {
      chosen[k] = base(chosen[k]);
    }
    return new ImageSplit(this, chosen);
  }

  /** True when both splits read from the same bytes (a subset and its source, for tests). */
  boolean sharesBytesWith(ImageSplit other) {
    return pixels == other.pixels;
  }

  private int base(int i) {
    Objects.checkIndex(i, size);
    return index == null ? i : index[i];
  }

  @Override
  public String toString() {
    return "ImageSplit[size=" + size + (index == null ? "" : ", subset") + "]";
  }
}
