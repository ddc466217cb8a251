package dev.lrsweep.model;

/**
 * The shape of a MiniVGG network: PyImageSearch's MiniVGGNet for 32x32x3 images, with the layer
 * widths as parameters so tests can build a tiny network of the same structure.
 *
 * <p>The network: conv3x3(c1)+ReLU+BN, conv3x3(c1)+ReLU+BN, maxpool 2x2, dropout(d1),
 * conv3x3(c2)+ReLU+BN, conv3x3(c2)+ReLU+BN, maxpool 2x2, dropout(d1), dense(dense)+ReLU+BN,
 * dropout(d2), dense(classes) softmax.
 *
 * @param conv1 channels of the first two convolutions (32 in the article)
 * @param conv2 channels of the last two convolutions (64)
 * @param dense width of the hidden dense layer (512)
 * @param classes number of classes (10)
 * @param convDropout dropout rate after each pooling (0.25)
 * @param denseDropout dropout rate after the dense layer (0.5)
 * @param bnMomentum BatchNorm running-statistics momentum (Keras default 0.99)
 * @param bnEpsilon BatchNorm epsilon (Keras default 1e-3)
 */
public record MiniVggConfig(
    int conv1,
    int conv2,
    int dense,
    int classes,
    double convDropout,
    double denseDropout,
    double bnMomentum,
    double bnEpsilon) {

  /** Image side, pixels; the two poolings need a multiple of 4. */
  public static final int SIDE = 32;

  /** Colour channels. */
  public static final int CHANNELS = 3;

  public MiniVggConfig {
    positive("conv1", conv1);
    positive("conv2", conv2);
    positive("dense", dense);
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be 2 or greater, found " + classes);
    }
    rate("convDropout", convDropout);
    rate("denseDropout", denseDropout);
    if (!(bnMomentum >= 0 && bnMomentum < 1)) {
      throw new IllegalArgumentException("bnMomentum must be in [0, 1), found " + bnMomentum);
    }
    if (!(bnEpsilon > 0)) {
      throw new IllegalArgumentException("bnEpsilon must be greater than 0, found " + bnEpsilon);
    }
  }

  /** The article's network: widths 32, 64, 512, 10 classes, dropout 0.25/0.5, Keras BN defaults. */
  public static MiniVggConfig article() {
    return new MiniVggConfig(32, 64, 512, 10, 0.25, 0.5, 0.99, 1e-3);
  }

  /** A network of the same structure with other widths (for tests and gradient checks). */
  public static MiniVggConfig ofWidths(int conv1, int conv2, int dense) {
    return new MiniVggConfig(conv1, conv2, dense, 10, 0.25, 0.5, 0.99, 1e-3);
  }

  /** The same network with both dropout rates set to {@code rate} (0 turns dropout off). */
  public MiniVggConfig withDropout(double conv, double dense) {
    return new MiniVggConfig(conv1, conv2, dense(), classes, conv, dense, bnMomentum, bnEpsilon);
  }

  /** Inputs of the first dense layer: conv2 channels on the 8x8 grid left after two poolings. */
  public int flatFeatures() {
    return conv2 * (SIDE / 4) * (SIDE / 4);
  }

  /**
   * Multiply-adds of one forward pass of one image: the four convolutions and the two dense
   * layers (26.6 million for the article's network). Pooling, BN and activations are left out.
   */
  public long forwardMultiplyAdds() {
    long s1 = (long) SIDE * SIDE;
    long s2 = s1 / 4;
    long convs = s1 * 9 * ((long) CHANNELS * conv1 + (long) conv1 * conv1)
        + s2 * 9 * ((long) conv1 * conv2 + (long) conv2 * conv2);
    return convs + (long) flatFeatures() * dense + (long) dense * classes;
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be 1 or greater, found " + value);
    }
  }

  private static void rate(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), found " + value);
    }
  }
}
