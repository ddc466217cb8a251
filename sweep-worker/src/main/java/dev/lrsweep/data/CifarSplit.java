package dev.lrsweep.data;

/**
 * One split of CIFAR-10 (train or test), held as bytes: {@code size()} images of 3072 bytes in
 * the official layout (1024 R, 1024 G, 1024 B, each row-major 32x32) and their labels 0..9.
 * Immutable and safe to share between threads.
 *
 * <p>CONTRACT STUB: the data issue implements this class; the method signatures are fixed.
 */
public final class CifarSplit {
  public static final int CHANNELS = 3;
  public static final int HEIGHT = 32;
  public static final int WIDTH = 32;
  public static final int IMAGE_BYTES = CHANNELS * HEIGHT * WIDTH;
  public static final int NUM_CLASSES = 10;

  private CifarSplit() {}

  /** Number of images. */
  public int size() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Label of image {@code i}, 0..9. */
  public int label(int i) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Writes image {@code i} as floats scaled to [0, 1] (byte / 255), channel-major (CHW, the
   * official layout, which is NCHW per image) into {@code dst} from {@code offset}.
   */
  public void copyImage(int i, float[] dst, int offset) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * A class-balanced subset of {@code limit} images (limit / 10 per class, remainder spread
   * over the lowest labels), chosen with {@code seed}; {@code limit == 0} or {@code limit >=
   * size()} returns this split. The same (limit, seed) always gives the same subset.
   */
  public CifarSplit balancedSubset(int limit, long seed) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
