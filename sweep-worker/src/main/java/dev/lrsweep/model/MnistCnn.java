package dev.lrsweep.model;

import dev.lrsweep.data.ImageShape;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Keras example MNIST CNN of the first seed article, built like {@link MiniVgg}: oneDNN
 * convolutions with primitives built once per batch size ({@link DnnlConv}) on NHWC buffers
 * allocated once (the first one computes no gradient for the images), the dense layers as
 * oneDNN matmuls ({@link DnnlMatmul}), ReLU, max pooling, dropout and softmax as Java loops on
 * heap copies.
 *
 * <p>The network (Keras's {@code mnist_cnn.py}): Conv2D(32, 3x3, relu, valid) -> Conv2D(64, 3x3,
 * relu, valid) -> MaxPooling2D(2x2) -> Dropout(0.25) -> Flatten -> Dense(128, relu) ->
 * Dropout(0.5) -> Dense(classes, softmax); categorical cross-entropy. Keras's initialisers:
 * glorot-uniform kernels (fan in/out = kernel area x channels for a convolution), zero biases.
 * Flatten is in Keras's channels-last order (row, column, channel). For 1x28x28 images: 26x26x32,
 * 24x24x64, 12x12x64 = 9,216 features; 1,199,882 parameters.
 *
 * <p>Parameters, in the flat array: conv1 kernel {@code [32, 3, 3, C]} ({@code [out, kH, kW,
 * in]}, the layout oneDNN runs fastest, see docs/ENGINE.md), conv1 bias, conv2 kernel {@code [64,
 * 3, 3, 32]}, conv2 bias, dense kernel {@code [9216, 128]}, its bias, output kernel {@code [128,
 * classes]}, its bias. {@code GradientCheckTest} checks the gradient of every block against
 * finite differences of an independent double-precision forward pass.
 *
 * <p>Not thread-safe: one instance per trial; instances share nothing mutable.
 */
public final class MnistCnn implements Model {
  private static final int K = 3;

  /** Layer widths and dropout rates; {@link #keras()} is the article's network. */
  public record Config(int conv1, int conv2, int dense, double convDropout, double denseDropout) {
    public Config {
      if (conv1 < 1 || conv2 < 1 || dense < 1) {
        throw new IllegalArgumentException("layer widths must be 1 or greater, found " + conv1 + ", " + conv2 + ", " + dense);
      }
      if (!(convDropout >= 0 && convDropout < 1) || !(denseDropout >= 0 && denseDropout < 1)) {
        throw new IllegalArgumentException("dropout rates must be in [0, 1), found " + convDropout + ", " + denseDropout);
      }
    }

    /** Keras's example: 32 and 64 filters, dense 128, dropout 0.25 and 0.5. */
    public static Config keras() {
      return new Config(32, 64, 128, 0.25, 0.5);
    }
  }

  /** {@code mnist_cnn}: this network for any square C x S x S input with S - 4 even. */
  static final class Factory implements ModelFactory {
    @Override
    public String name() {
      return "mnist_cnn";
    }

    @Override
    public String description() {
      return "Keras's MNIST CNN: conv32 3x3 valid, conv64 3x3 valid, maxpool 2, dropout .25, dense128, dropout .5, dense";
    }

    @Override
    public Optional<String> incompatibility(ImageShape shape, int classes) {
      if (shape.height() != shape.width() || shape.height() < 6 || (shape.height() - 4) % 2 != 0) {
        return Optional.of("mnist_cnn takes square images whose side minus 4 is even and at least 2 (e.g. 1x28x28),"
            + " the dataset has " + shape);
      }
      return Optional.empty();
    }

    @Override
    public Model create(ImageShape shape, int classes, int maxBatch, long seed) {
      incompatibility(shape, classes).ifPresent(p -> {
        throw new IllegalArgumentException(p);
      });
      return new MnistCnn(Config.keras(), shape, classes, maxBatch, seed);
    }
  }

  private final Config cfg;
  private final int maxBatch;
  private final int ch;
  private final int side0;
  private final int side1;
  private final int side2;
  private final int side3;
  private final int c1;
  private final int c2;
  private final int dn;
  private final int classes;
  private final int flat;

  private final ParamArrays arrays;
  private final Slot w1;
  private final Slot b1;
  private final Slot w2;
  private final Slot b2;
  private final Slot w3;
  private final Slot b3;
  private final Slot w4;
  private final Slot b4;

  // Heap copies: ReLU outputs kept for the backward pass, dropout masks, scratch.
  private final float[] relu1;
  private final float[] relu2;
  private final float[] relu3;
  private final float[] mask2;
  private final float[] mask3;
  private final float[] tmpA;
  private final float[] tmpB;
  private final float[] b3Heap;
  private final float[] b4Heap;
  private final float[] biasGrad;

  // Native buffers, one item each times maxBatch.
  private final Buf x0;
  private final Buf z1;
  private final Buf h1;
  private final Buf z2;
  private final Buf d2;
  private final Buf z3;
  private final Buf d3;
  private final Buf z4;
  private final Buf gz4;
  private final Buf gz3;
  private final Buf gd2;
  private final Buf gz2;
  private final Buf gh1;
  private final Buf gz1;

  private final Plans<Plan> plans;

  /**
   * Builds the network with Keras's initialisation from a generator seeded with {@code seed}.
   *
   * @param shape input images (channels x side x side, side - 4 even)
   * @param maxBatch the largest batch any call will pass
   */
  public MnistCnn(Config cfg, ImageShape shape, int classes, int maxBatch, long seed) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be 1 or greater, found " + maxBatch);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be 2 or greater, found " + classes);
    }
    new Factory().incompatibility(shape, classes).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    this.cfg = cfg;
    this.maxBatch = maxBatch;
    this.plans = new Plans<>("MnistCnn", maxBatch, Plan::new);
    this.ch = shape.channels();
    this.side0 = shape.height();
    this.side1 = side0 - 2;
    this.side2 = side0 - 4;
    this.side3 = side2 / 2;
    this.c1 = cfg.conv1();
    this.c2 = cfg.conv2();
    this.dn = cfg.dense();
    this.classes = classes;
    this.flat = side3 * side3 * c2;

    long offset = 0;
    w1 = new Slot(offset, c1, K, K, ch);
    offset += w1.length;
    b1 = new Slot(offset, c1);
    offset += b1.length;
    w2 = new Slot(offset, c2, K, K, c1);
    offset += w2.length;
    b2 = new Slot(offset, c2);
    offset += b2.length;
    w3 = new Slot(offset, flat, dn);
    offset += w3.length;
    b3 = new Slot(offset, dn);
    offset += b3.length;
    w4 = new Slot(offset, dn, classes);
    offset += w4.length;
    b4 = new Slot(offset, classes);
    offset += b4.length;

    arrays = new ParamArrays(offset);
    SplittableRandom rng = new SplittableRandom(seed);
    w1.glorot(arrays.paramBuf, K * K * ch, K * K * c1, rng);
    w2.glorot(arrays.paramBuf, K * K * c1, K * K * c2, rng);
    w3.glorot(arrays.paramBuf, flat, dn, rng);
    w4.glorot(arrays.paramBuf, dn, classes, rng);

    int n1 = maxBatch * side1 * side1 * c1;
    int n2 = maxBatch * side2 * side2 * c2;
    relu1 = new float[n1];
    relu2 = new float[n2];
    relu3 = new float[maxBatch * dn];
    mask2 = new float[maxBatch * flat];
    mask3 = new float[maxBatch * dn];
    int largest = Math.max(Math.max(n1, n2), Math.max(maxBatch * side0 * side0 * ch, maxBatch * Math.max(flat, dn)));
    tmpA = new float[largest];
    tmpB = new float[largest];
    b3Heap = new float[dn];
    b4Heap = new float[classes];
    biasGrad = new float[Math.max(dn, classes)];

    x0 = new Buf(maxBatch, side0, side0, ch);
    z1 = new Buf(maxBatch, side1, side1, c1);
    h1 = new Buf(maxBatch, side1, side1, c1);
    z2 = new Buf(maxBatch, side2, side2, c2);
    d2 = new Buf(maxBatch, flat);
    z3 = new Buf(maxBatch, dn);
    d3 = new Buf(maxBatch, dn);
    z4 = new Buf(maxBatch, classes);
    gz4 = new Buf(maxBatch, classes);
    gz3 = new Buf(maxBatch, dn);
    gd2 = new Buf(maxBatch, flat);
    gz2 = new Buf(maxBatch, side2, side2, c2);
    gh1 = new Buf(maxBatch, side1, side1, c1);
    gz1 = new Buf(maxBatch, side1, side1, c1);
  }

  @Override
  public INDArray params() {
    return arrays.params;
  }

  @Override
  public INDArray gradients() {
    return arrays.grads;
  }

  @Override
  public Outcome trainStep(float[] features, int[] labels, int n, SplittableRandom rng) {
    Plan p = plans.get(n);
    forward(p, features, rng);
    z4.read(tmpA, n * classes);
    Kernels.addBias(tmpA, n, classes, b4Heap);
    int[] correct = new int[1];
    double loss = Kernels.softmaxCrossEntropy(tmpA, n, classes, labels, tmpB, correct);
    backward(p, tmpB);
    return new Outcome(loss, correct[0], n);
  }

  @Override
  public Outcome evaluate(float[] features, int[] labels, int n, int[] predicted) {
    return Kernels.scoreProbabilities(predict(features, n), n, classes, labels, predicted);
  }

  /** Inference-mode class probabilities (no dropout), {@code n x classes} row-major. */
  public float[] predict(float[] features, int n) {
    Plan p = plans.get(n);
    forward(p, features, null);
    return z4.softmax(n, classes, b4Heap);
  }

  /** This network has no BatchNorm: no running statistics. */
  @Override
  public double[][] runningMeans() {
    return new double[0][];
  }

  @Override
  public double[][] runningVariances() {
    return new double[0][];
  }

  @Override
  public void restoreRunningStatistics(double[][] means, double[][] variances) {
    if (means.length != 0 || variances.length != 0) {
      throw new IllegalArgumentException("mnist_cnn has no BatchNorm layers, found running statistics for "
          + means.length + " and " + variances.length);
    }
  }

  /** Training mode when {@code rng} is given (dropout on), inference mode when it is null. */
  private void forward(Plan p, float[] features, SplittableRandom rng) {
    plans.checkOpen();
    int n = p.n;
    arrays.read(b3, b3Heap);
    arrays.read(b4, b4Heap);
    writeImages(features, n);
    p.conv1.forward();
    int len1 = n * z1.perItem;
    z1.read(relu1, len1);
    relu(relu1, len1);
    h1.write(relu1, len1);
    p.conv2.forward();
    int len2 = n * z2.perItem;
    z2.read(relu2, len2);
    relu(relu2, len2);
    int pooled = n * flat;
    maxPool(relu2, tmpA, n, side2, c2);
    dropoutInto(d2, tmpA, tmpB, mask2, pooled, cfg.convDropout(), rng);
    p.dense1.run();
    int len3 = n * dn;
    z3.read(relu3, len3);
    Kernels.addBias(relu3, n, dn, b3Heap);
    relu(relu3, len3);
    dropoutInto(d3, relu3, tmpA, mask3, len3, cfg.denseDropout(), rng);
    p.dense2.run();
  }

  /**
   * Writes {@code in} to {@code out}: through dropout (mask kept in {@code mask}, result in
   * {@code scratch}) in training mode ({@code rng} given), as it is in inference mode.
   */
  private static void dropoutInto(Buf out, float[] in, float[] scratch, float[] mask, int len, double rate,
      SplittableRandom rng) {
    if (rng != null) {
      Kernels.dropout(in, scratch, mask, len, rate, rng);
      out.write(scratch, len);
    } else {
      out.write(in, len);
    }
  }

  private void backward(Plan p, float[] logitGrad) {
    int n = p.n;
    gz4.write(logitGrad, n * classes);
    p.dense2GradW.run();
    Kernels.columnSums(logitGrad, n, classes, biasGrad);
    arrays.writeGrad(b4, biasGrad);
    p.dense2GradX.run();

    int len3 = n * dn;
    gz3.read(tmpA, len3);
    Kernels.dropoutBackward(tmpA, mask3, len3);
    reluBackward(tmpA, relu3, len3);
    Kernels.columnSums(tmpA, n, dn, biasGrad);
    arrays.writeGrad(b3, biasGrad);
    gz3.write(tmpA, len3);
    p.dense1GradW.run();
    p.dense1GradX.run();

    int pooled = n * flat;
    gd2.read(tmpA, pooled);
    Kernels.dropoutBackward(tmpA, mask2, pooled);
    Kernels.maxUnpool(tmpA, relu2, tmpB, n, side2, c2);
    int len2 = n * z2.perItem;
    reluBackward(tmpB, relu2, len2);
    gz2.write(tmpB, len2);
    p.conv2.backward();

    int len1 = n * z1.perItem;
    gh1.read(tmpA, len1);
    reluBackward(tmpA, relu1, len1);
    gz1.write(tmpA, len1);
    p.conv1.backward();
  }

  /** {@code x = max(x, 0)}, in place. */
  private static void relu(float[] x, int len) {
    for (int i = 0; i < len; i++) {
      x[i] = Math.max(x[i], 0f);
    }
  }

  /** {@code g *= (y > 0)} for ReLU outputs {@code y}, in place; a bit mask, not a branch. */
  private static void reluBackward(float[] g, float[] y, int len) {
    for (int i = 0; i < len; i++) {
      // -bits >> 31 is all ones for y > 0 (positive, non-zero bits) and 0 for y == +0
      int mask = -Float.floatToRawIntBits(y[i]) >> 31;
      g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
    }
  }

  /**
   * 2x2/stride-2 max pooling of {@code n} NHWC images of {@code side x side x c}. Its backward
   * pass is {@link Kernels#maxUnpool}, which finds the same winners again from {@code x}.
   */
  private static void maxPool(float[] x, float[] out, int n, int side, int c) {
    int half = side / 2;
    int row = side * c;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < half; r++) {
        for (int q = 0; q < half; q++) {
          int a = ((i * side + 2 * r) * side + 2 * q) * c;
          int o = ((i * half + r) * half + q) * c;
          for (int k = 0; k < c; k++) {
            out[o + k] = Math.max(Math.max(x[a + k], x[a + c + k]), Math.max(x[a + row + k], x[a + row + c + k]));
          }
        }
      }
    }
  }

  /** Copies {@code n} images from the batch's CHW layout into the input buffer as HWC. */
  private void writeImages(float[] features, int n) {
    int plane = side0 * side0;
    if (ch == 1) {
      x0.write(features, n * plane);
      return;
    }
    Kernels.chwToHwc(features, n, ch, plane, tmpA);
    x0.write(tmpA, n * x0.perItem);
  }

  @Override
  public void close() {
    plans.close(arrays, x0, z1, h1, z2, d2, z3, d3, z4, gz4, gz3, gd2, gz2, gh1, gz1);
  }

  /** The convolutions and dense layers' matmuls for one batch size, built once and reused. */
  private final class Plan implements AutoCloseable {
    final int n;
    final DnnlConv conv1;
    final DnnlConv conv2;
    /** z3 = d2 W3, z4 = d3 W4, and their gradients. */
    final DnnlMatmul dense1;
    final DnnlMatmul dense2;
    final DnnlMatmul dense2GradW;
    final DnnlMatmul dense2GradX;
    final DnnlMatmul dense1GradW;
    final DnnlMatmul dense1GradX;

    Plan(int n) {
      this.n = n;
      // VALID convolutions (padding 0); nothing needs the gradient with respect to the images.
      conv1 = new DnnlConv(n, ch, c1, side0, 0, true, false, new DnnlConv.Buffers(
          address(x0), param(arrays.params, w1), param(arrays.params, b1), address(z1),
          address(gz1), 0, param(arrays.grads, w1), param(arrays.grads, b1)));
      conv2 = new DnnlConv(n, c1, c2, side1, 0, true, true, new DnnlConv.Buffers(
          address(h1), param(arrays.params, w2), param(arrays.params, b2), address(z2),
          address(gz2), address(gh1), param(arrays.grads, w2), param(arrays.grads, b2)));
      dense1 = new DnnlMatmul(n, flat, dn, false, false, address(d2), param(arrays.params, w3), address(z3));
      dense2 = new DnnlMatmul(n, dn, classes, false, false, address(d3), param(arrays.params, w4), address(z4));
      dense2GradW = new DnnlMatmul(dn, n, classes, true, false, address(d3), address(gz4), param(arrays.grads, w4));
      dense2GradX = new DnnlMatmul(n, classes, dn, false, true, address(gz4), param(arrays.params, w4), address(gz3));
      dense1GradW = new DnnlMatmul(flat, n, dn, true, false, address(d2), address(gz3), param(arrays.grads, w3));
      dense1GradX = new DnnlMatmul(n, dn, flat, false, true, address(gz3), param(arrays.params, w3), address(gd2));
    }

    private static long address(Buf b) {
      return DnnlConv.address(b.full, 0);
    }

    private static long param(INDArray flatArray, Slot slot) {
      return DnnlConv.address(flatArray, slot.offset);
    }

    @Override
    public void close() {
      conv1.close();
      conv2.close();
      for (DnnlMatmul d : new DnnlMatmul[] {dense1, dense2, dense2GradW, dense2GradX, dense1GradW, dense1GradX}) {
        d.close();
      }
    }
  }
}
