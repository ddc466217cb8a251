package dev.lrsweep.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MiniVGG (see {@link MiniVggConfig}) as a hand-scheduled forward and backward pass. The
 * convolutional blocks run as oneDNN primitives built once per batch size on native NHWC
 * buffers allocated once, on the trial's OpenMP threads: convolution with ReLU fused ({@link
 * DnnlConv}), BatchNorm with its backward and ReLU's ({@link DnnlBatchNorm}), max pooling forward
 * and backward ({@link DnnlPool}) and dropout's multiply, forward and backward ({@link DnnlMul});
 * in inference each convolution fuses ReLU and BatchNorm on the running statistics. The dense
 * layers' ReLU + BatchNorm and dropout, and the softmax are fused Java loops on heap copies
 * ({@link Kernels}); the dense layers are oneDNN matmuls ({@link DnnlMatmul}). Dropout masks are
 * drawn in Java from the trial's generator.
 *
 * <p>Why not SameDiff or {@code MultiLayerNetwork}: measured on the target machine, DL4J's layers
 * train at ~20 images/s and the best SameDiff graph with BatchNorm at ~150-220, the time going
 * to BatchNorm, element-wise ops and the gaps between ops (docs/BENCHMARKS.md). MiniVGG is one
 * fixed network, so its backward pass is written out here once; the tests check it against
 * finite differences of an independent double-precision forward pass.
 *
 * <p>Parameters live in one flat array ({@link #params()}) and their gradients in another of the
 * same layout ({@link #gradients()}), so one ND4J updater updates them all. BatchNorm running
 * statistics are kept here, outside the parameters, and updated by each training step as
 * Keras does (momentum {@link MiniVggConfig#bnMomentum()}, biased batch variance).
 *
 * <p>Not thread-safe: one instance per trial. Instances share no mutable state, so trials in
 * different threads of one JVM are independent. {@link #close()} frees the native buffers.
 */
public final class MiniVgg implements AutoCloseable {
  private static final int K = 3;

  private final MiniVggConfig cfg;
  private final int maxBatch;
  private final int c1;
  private final int c2;
  private final int dn;
  private final int classes;
  private final int flat;

  private final ParamArrays arrays;
  private final Slot[] convW = new Slot[4];
  private final Slot[] convB = new Slot[4];
  private final Slot[] gamma = new Slot[5];
  private final Slot[] beta = new Slot[5];
  private final Slot w5;
  private final Slot b5;
  private final Slot w6;
  private final Slot b6;

  /** The dense layer's BatchNorm: index 4 of the per-layer arrays (0-3 are the convolutions'). */
  private static final int DENSE = 4;

  // BatchNorm state: running statistics (for inference) and the last batch's statistics.
  private final double[][] runMean = new double[5][];
  private final double[][] runVar = new double[5][];
  private final double[][] batchMean = new double[5][];
  private final double[][] batchVar = new double[5][];
  private final float[][] gammaHeap = new float[5][];
  private final float[][] betaHeap = new float[5][];
  // The dense layer's BatchNorm runs in Java: what its backward pass needs from the forward.
  private final double[] denseInvStd;
  private final float[] denseReluOut;
  private final float[] dGamma;
  private final float[] dBeta;

  // Dropout masks: drawn on the heap, the convolutional blocks' copied to native buffers.
  private final float[] mask2;
  private final float[] mask4;
  private final float[] mask5;
  private final float[] tmpA;
  private final float[] tmpB;
  private final float[] b5Heap;
  private final float[] b6Heap;
  private final float[] biasGrad;

  // Native activation and gradient buffers, sized for maxBatch.
  private final Buf x0;
  private final Buf z1;
  private final Buf h1;
  private final Buf z2;
  private final Buf h2;
  private final Buf p2;
  private final Buf m2;
  private final Buf d2;
  private final Buf z3;
  private final Buf h3;
  private final Buf z4;
  private final Buf h4;
  private final Buf p4;
  private final Buf m4;
  private final Buf d4;
  private final Buf z5;
  private final Buf d5;
  private final Buf z6;
  private final Buf gz6;
  private final Buf gd5;
  private final Buf gd4;
  private final Buf gh4;
  private final Buf gh3;
  private final Buf gd2;
  private final Buf gh2;
  private final Buf gh1;
  // Inference BatchNorm scale and shift of each convolution, read by its fused post-ops.
  private final Buf[] inferScale = new Buf[4];
  private final Buf[] inferShift = new Buf[4];

  private final Plans<Plan> plans;

  /**
   * Builds the network with Keras's default initialisation: glorot-uniform weights drawn from a
   * generator seeded with {@code seed}, zero biases, BN gamma 1 and beta 0, running mean 0 and
   * running variance 1.
   *
   * @param maxBatch the largest batch any call will pass
   */
  public MiniVgg(MiniVggConfig cfg, int maxBatch, long seed) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be 1 or greater, found " + maxBatch);
    }
    this.cfg = cfg;
    this.maxBatch = maxBatch;
    this.plans = new Plans<>("MiniVgg", maxBatch, Plan::new);
    this.c1 = cfg.conv1();
    this.c2 = cfg.conv2();
    this.dn = cfg.dense();
    this.classes = cfg.classes();
    this.flat = cfg.flatFeatures();

    int[] convIn = {MiniVggConfig.CHANNELS, c1, c1, c2};
    int[] convOut = {c1, c1, c2, c2};
    int[] bnWidth = {c1, c1, c2, c2, dn};
    long offset = 0;
    for (int l = 0; l < 4; l++) {
      convW[l] = new Slot(offset, convOut[l], K, K, convIn[l]);
      offset += convW[l].length;
      convB[l] = new Slot(offset, convOut[l]);
      offset += convB[l].length;
      gamma[l] = new Slot(offset, convOut[l]);
      offset += gamma[l].length;
      beta[l] = new Slot(offset, convOut[l]);
      offset += beta[l].length;
    }
    w5 = new Slot(offset, flat, dn);
    offset += w5.length;
    b5 = new Slot(offset, dn);
    offset += b5.length;
    gamma[4] = new Slot(offset, dn);
    offset += dn;
    beta[4] = new Slot(offset, dn);
    offset += dn;
    w6 = new Slot(offset, dn, classes);
    offset += w6.length;
    b6 = new Slot(offset, classes);
    offset += classes;

    arrays = new ParamArrays(offset);
    initialise(new SplittableRandom(seed), convIn, convOut);

    for (int l = 0; l < 5; l++) {
      int w = bnWidth[l];
      runMean[l] = new double[w];
      runVar[l] = new double[w];
      java.util.Arrays.fill(runVar[l], 1.0);
      batchMean[l] = new double[w];
      batchVar[l] = new double[w];
      gammaHeap[l] = new float[w];
      betaHeap[l] = new float[w];
    }
    denseInvStd = new double[dn];
    denseReluOut = new float[maxBatch * dn];
    dGamma = new float[dn];
    dBeta = new float[dn];

    int s1 = MiniVggConfig.SIDE;
    int s2 = s1 / 2;
    int s3 = s1 / 4;
    mask2 = new float[maxBatch * c1 * s2 * s2];
    mask4 = new float[maxBatch * flat];
    mask5 = new float[maxBatch * dn];

    // The heap scratch holds the images (converted to HWC) and the dense layers' activations.
    int largest = Math.max(maxBatch * Math.max(dn, classes), maxBatch * MiniVggConfig.CHANNELS * s1 * s1);
    tmpA = new float[largest];
    tmpB = new float[largest];
    b5Heap = new float[dn];
    b6Heap = new float[classes];
    biasGrad = new float[Math.max(dn, classes)];

    x0 = new Buf(maxBatch, s1, s1, MiniVggConfig.CHANNELS);
    z1 = new Buf(maxBatch, s1, s1, c1);
    h1 = new Buf(maxBatch, s1, s1, c1);
    z2 = new Buf(maxBatch, s1, s1, c1);
    h2 = new Buf(maxBatch, s1, s1, c1);
    p2 = new Buf(maxBatch, s2, s2, c1);
    m2 = new Buf(maxBatch, s2, s2, c1);
    d2 = new Buf(maxBatch, s2, s2, c1);
    z3 = new Buf(maxBatch, s2, s2, c2);
    h3 = new Buf(maxBatch, s2, s2, c2);
    z4 = new Buf(maxBatch, s2, s2, c2);
    h4 = new Buf(maxBatch, s2, s2, c2);
    p4 = new Buf(maxBatch, s3, s3, c2);
    m4 = new Buf(maxBatch, s3, s3, c2);
    d4 = new Buf(maxBatch, flat);
    z5 = new Buf(maxBatch, dn);
    d5 = new Buf(maxBatch, dn);
    z6 = new Buf(maxBatch, classes);
    gz6 = new Buf(maxBatch, classes);
    gd5 = new Buf(maxBatch, dn);
    gd4 = new Buf(maxBatch, s3, s3, c2);
    gh4 = new Buf(maxBatch, s2, s2, c2);
    gh3 = new Buf(maxBatch, s2, s2, c2);
    gd2 = new Buf(maxBatch, s2, s2, c1);
    gh2 = new Buf(maxBatch, s1, s1, c1);
    gh1 = new Buf(maxBatch, s1, s1, c1);
    for (int l = 0; l < 4; l++) {
      inferScale[l] = new Buf(1, bnWidth[l]);
      inferShift[l] = new Buf(1, bnWidth[l]);
    }
  }

  /** The network's shape. */
  public MiniVggConfig config() {
    return cfg;
  }

  /** The largest batch this instance accepts. */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * All trainable parameters as one {@code [1, P]} float array (convolution weights and biases,
   * BN gamma and beta, dense weights and biases). Writing to it changes the network.
   */
  public INDArray params() {
    return arrays.params;
  }

  /** Gradients of the last {@link #trainStep}'s mean loss, same layout as {@link #params()}. */
  public INDArray gradients() {
    return arrays.grads;
  }

  /** Number of trainable parameters. */
  public long numParams() {
    return arrays.params.length();
  }

  /** Summed loss and number of correct predictions of one batch. */
  public record BatchOutcome(double lossSum, int correct, int size) {}

  /**
   * One training-mode forward and backward pass over a batch: dropout masks drawn from {@code
   * rng}, BatchNorm on batch statistics (running statistics updated), gradients of the mean
   * cross-entropy left in {@link #gradients()}. Parameters are not changed.
   *
   * @param features {@code n x 3 x 32 x 32} floats, NCHW
   */
  public BatchOutcome trainStep(float[] features, int[] labels, int n, SplittableRandom rng) {
    Plan p = plans.get(n);
    forwardTrain(p, features, rng);
    z6.read(tmpA, n * classes);
    arrays.read(b6, b6Heap);
    Kernels.addBias(tmpA, n, classes, b6Heap);
    int[] correct = new int[1];
    double loss = Kernels.softmaxCrossEntropy(tmpA, n, classes, labels, tmpB, correct);
    backward(p, tmpB);
    return new BatchOutcome(loss, correct[0], n);
  }

  /**
   * Inference-mode pass (no dropout, BatchNorm on running statistics): summed cross-entropy and
   * correct count, and the predicted class of each image in {@code predicted} (may be null).
   */
  public BatchOutcome evaluate(float[] features, int[] labels, int n, int[] predicted) {
    Model.Outcome o = Kernels.scoreProbabilities(predict(features, n), n, classes, labels, predicted);
    return new BatchOutcome(o.lossSum(), o.correct(), o.size());
  }

  /** Inference-mode class probabilities, {@code n x classes} row-major (a new array). */
  public float[] predict(float[] features, int n) {
    Plan p = plans.get(n);
    forwardInfer(p, features);
    arrays.read(b6, b6Heap);
    return z6.softmax(n, classes, b6Heap);
  }

  /**
   * Training-mode class probabilities (dropout drawn from {@code rng}, BatchNorm on the batch's
   * statistics, running statistics updated), {@code n x classes} row-major.
   */
  public float[] predictTrainingMode(float[] features, int n, SplittableRandom rng) {
    Plan p = plans.get(n);
    forwardTrain(p, features, rng);
    arrays.read(b6, b6Heap);
    return z6.softmax(n, classes, b6Heap);
  }

  /** Copies of the BatchNorm running means, one array per BN layer (4 convolutional, 1 dense). */
  public double[][] runningMeans() {
    double[][] out = new double[5][];
    for (int l = 0; l < 5; l++) {
      out[l] = runMean[l].clone();
    }
    return out;
  }

  /** Copies of the BatchNorm running variances, one array per BN layer. */
  public double[][] runningVariances() {
    double[][] out = new double[5][];
    for (int l = 0; l < 5; l++) {
      out[l] = runVar[l].clone();
    }
    return out;
  }

  /**
   * Replaces the BatchNorm running statistics (to resume a trial from a checkpoint), one array per
   * BN layer as {@link #runningMeans()} and {@link #runningVariances()} return them.
   *
   * @throws IllegalArgumentException when the layer count or a layer's width differs
   */
  public void restoreRunningStatistics(double[][] means, double[][] variances) {
    for (double[][] given : new double[][][] {means, variances}) {
      if (given.length != runMean.length) {
        throw new IllegalArgumentException(
            "running statistics for " + runMean.length + " BN layers expected, found " + given.length);
      }
      for (int l = 0; l < given.length; l++) {
        if (given[l].length != runMean[l].length) {
          throw new IllegalArgumentException("BN layer " + l + " has " + runMean[l].length
              + " channels, the running statistics given have " + given[l].length);
        }
      }
    }
    for (int l = 0; l < runMean.length; l++) {
      System.arraycopy(means[l], 0, runMean[l], 0, runMean[l].length);
      System.arraycopy(variances[l], 0, runVar[l], 0, runVar[l].length);
    }
  }

  private void forwardTrain(Plan p, float[] features, SplittableRandom rng) {
    plans.checkOpen();
    int n = p.n;
    loadParams();
    writeImages(features, n);
    for (int l = 0; l < 4; l++) {
      p.conv[l].forward();
      p.bn[l].forward(batchMean[l], batchVar[l]);
      updateRunning(l);
      if (l == 1) {
        p.pool1.forward();
        dropout(p.drop1, mask2, m2, n, cfg.convDropout(), rng);
      } else if (l == 3) {
        p.pool3.forward();
        dropout(p.drop3, mask4, m4, n, cfg.convDropout(), rng);
      }
    }
    p.dense1.run();
    z5.read(tmpA, n * dn);
    Kernels.addBias(tmpA, n, dn, b5Heap);
    Kernels.reluBatchNormTrain(tmpA, denseReluOut, tmpB, n, dn, gammaHeap[DENSE], betaHeap[DENSE],
        cfg.bnEpsilon(), batchMean[DENSE], batchVar[DENSE], denseInvStd);
    updateRunning(DENSE);
    Kernels.dropout(tmpB, tmpA, mask5, n * dn, cfg.denseDropout(), rng);
    d5.write(tmpA, n * dn);
    p.dense2.run();
  }

  /** Draws a dropout mask for {@code n} items into {@code nativeMask} and multiplies it in ({@code apply}). */
  private void dropout(DnnlMul apply, float[] mask, Buf nativeMask, int n, double rate,
      SplittableRandom rng) {
    int len = n * nativeMask.perItem;
    Kernels.dropoutMask(mask, len, rate, rng);
    nativeMask.write(mask, len);
    apply.run();
  }

  private void forwardInfer(Plan p, float[] features) {
    plans.checkOpen();
    int n = p.n;
    loadParams();
    writeImages(features, n);
    // ReLU and BatchNorm on the running statistics fused into each convolution (oneDNN
    // post-ops), then oneDNN's pooling after layers 1 and 3. No dropout in inference: layer 2
    // reads the pooled output.
    for (int l = 0; l < 4; l++) {
      inferenceScaleShift(l);
    }
    p.convInfer[0].forward();
    p.convInfer[1].forward();
    p.pool1Infer.forward();
    p.convInfer[2].forward();
    p.convInfer[3].forward();
    p.pool3Infer.forward();
    p.dense1Infer.run();
    z5.read(tmpA, n * dn);
    Kernels.addBias(tmpA, n, dn, b5Heap);
    Kernels.reluBatchNormInfer(tmpA, tmpB, n, dn, gammaHeap[DENSE], betaHeap[DENSE], cfg.bnEpsilon(),
        runMean[DENSE], runVar[DENSE]);
    d5.write(tmpB, n * dn);
    p.dense2.run();
  }

  private void backward(Plan p, float[] logitGrad) {
    int n = p.n;
    gz6.write(logitGrad, n * classes);
    p.dense2GradW.run();
    Kernels.columnSums(logitGrad, n, classes, biasGrad);
    arrays.writeGrad(b6, biasGrad);
    p.dense2GradX.run();

    gd5.read(tmpA, n * dn);
    Kernels.dropoutBackward(tmpA, mask5, n * dn);
    Kernels.reluBatchNormBackward(tmpA, denseReluOut, n, dn, gammaHeap[DENSE], batchMean[DENSE],
        denseInvStd, dGamma, dBeta);
    arrays.writeGrad(gamma[DENSE], dGamma);
    arrays.writeGrad(beta[DENSE], dBeta);
    Kernels.columnSums(tmpA, n, dn, biasGrad);
    arrays.writeGrad(b5, biasGrad);
    gd5.write(tmpA, n * dn);
    p.dense1GradW.run();
    p.dense1GradX.run();

    // Each block backwards: dropout's mask, the pooling's winners, BatchNorm and ReLU, then the
    // convolution (the first computes only its weight and bias gradients: nothing needs the
    // gradient with respect to the images).
    for (int l = 3; l >= 0; l--) {
      // Dropout's backward (the gradient times the mask, in place), then the pooling's
      // (each window's gradient to the winner oneDNN recorded in the forward pass).
      if (l == 3) {
        p.drop3Backward.run();
        p.pool3.backward();
      } else if (l == 1) {
        p.drop1Backward.run();
        p.pool1.backward();
      }
      p.bn[l].backward();
      p.conv[l].backward();
    }
  }

  /** Writes layer {@code l}'s inference BatchNorm as a per-channel scale and shift. */
  private void inferenceScaleShift(int l) {
    int c = gammaHeap[l].length;
    float[] k = new float[c];
    float[] t = new float[c];
    Kernels.inferenceScaleShift(gammaHeap[l], betaHeap[l], cfg.bnEpsilon(), runMean[l], runVar[l], k, t);
    inferScale[l].write(k, c);
    inferShift[l].write(t, c);
  }

  private void updateRunning(int l) {
    Kernels.updateRunning(runMean[l], batchMean[l], cfg.bnMomentum());
    Kernels.updateRunning(runVar[l], batchVar[l], cfg.bnMomentum());
  }

  /** Copies {@code n} images from the batch's CHW layout into the input buffer as HWC. */
  private void writeImages(float[] features, int n) {
    Kernels.chwToHwc(features, n, MiniVggConfig.CHANNELS, MiniVggConfig.SIDE * MiniVggConfig.SIDE, tmpA);
    x0.write(tmpA, n * x0.perItem);
  }

  private void loadParams() {
    for (int l = 0; l < 5; l++) {
      arrays.read(gamma[l], gammaHeap[l]);
      arrays.read(beta[l], betaHeap[l]);
    }
    arrays.read(b5, b5Heap);
  }

  private void initialise(SplittableRandom rng, int[] convIn, int[] convOut) {
    for (int l = 0; l < 4; l++) {
      convW[l].glorot(arrays.paramBuf, K * K * convIn[l], K * K * convOut[l], rng);
      gamma[l].fill(arrays.paramBuf, 1f);
    }
    w5.glorot(arrays.paramBuf, flat, dn, rng);
    gamma[4].fill(arrays.paramBuf, 1f);
    w6.glorot(arrays.paramBuf, dn, classes, rng);
  }

  /** Frees the native buffers now rather than at garbage collection. */
  @Override
  public void close() {
    plans.close(arrays, x0, z1, h1, z2, h2, p2, m2, d2, z3, h3, z4, h4, p4, m4, d4, z5, d5, z6,
        gz6, gd5, gd4, gh4, gh3, gd2, gh2, gh1,
        inferScale[0], inferShift[0], inferScale[1], inferShift[1],
        inferScale[2], inferShift[2], inferScale[3], inferShift[3]);
  }

  /** Views and oneDNN primitives for one batch size, built once and reused every step. */
  private final class Plan implements AutoCloseable {
    final int n;
    /** Training convolutions with ReLU fused; conv[0] computes no gradient w.r.t. the images. */
    final DnnlConv[] conv = new DnnlConv[4];
    /** Training BatchNorm of each convolution's ReLU output, and its backward with ReLU's. */
    final DnnlBatchNorm[] bn = new DnnlBatchNorm[4];
    /** Inference convolutions with ReLU and BatchNorm (running statistics) fused; layer 2 reads the pooled input. */
    final DnnlConv[] convInfer = new DnnlConv[4];
    /** Training pooling (with oneDNN's workspace and backward) and inference pooling. */
    final DnnlPool pool1;
    final DnnlPool pool3;
    final DnnlPool pool1Infer;
    final DnnlPool pool3Infer;
    final DnnlMul drop1;
    final DnnlMul drop3;
    /** Dropout's backward: the gradient of its output times the mask, in place. */
    final DnnlMul drop1Backward;
    final DnnlMul drop3Backward;
    /** Dense layers (oneDNN sgemm): z5 = d4 W5 (p4 W5 in inference), z6 = d5 W6, and their gradients. */
    final DnnlMatmul dense1;
    final DnnlMatmul dense1Infer;
    final DnnlMatmul dense2;
    final DnnlMatmul dense2GradW;
    final DnnlMatmul dense2GradX;
    final DnnlMatmul dense1GradW;
    final DnnlMatmul dense1GradX;

    Plan(int n) {
      this.n = n;
      Buf[] in = {x0, h1, d2, h3};
      Buf[] out = {z1, z2, z3, z4};
      Buf[] bnOut = {h1, h2, h3, h4};
      Buf[] gradIn = {null, gh1, gd2, gh3};
      Buf[] gradOut = {gh1, gh2, gh3, gh4};
      int[] convIn = {MiniVggConfig.CHANNELS, c1, c1, c2};
      int[] convOut = {c1, c1, c2, c2};
      int s1 = MiniVggConfig.SIDE;
      int s2 = s1 / 2;
      int[] side = {s1, s1, s2, s2};
      for (int l = 0; l < 4; l++) {
        conv[l] = DnnlConv.withRelu(n, convIn[l], convOut[l], side[l], 1, l > 0,
            buffers(l, in[l], out[l], gradOut[l], gradIn[l]));
        bn[l] = new DnnlBatchNorm(n, convOut[l], side[l], cfg.bnEpsilon(), address(out[l]),
            address(bnOut[l]), address(gradOut[l]), DnnlBase.address(arrays.params, gamma[l].offset),
            DnnlBase.address(arrays.grads, gamma[l].offset));
      }
      Buf[] inferIn = {x0, h1, p2, h3};
      for (int l = 0; l < 4; l++) {
        convInfer[l] = DnnlConv.reluAffine(n, convIn[l], convOut[l], side[l], 1,
            buffers(l, inferIn[l], bnOut[l], null, null), address(inferScale[l]), address(inferShift[l]));
      }
      pool1 = DnnlPool.training(n, c1, s1, address(h2), address(p2), address(gd2), address(gh2));
      pool3 = DnnlPool.training(n, c2, s2, address(h4), address(p4), address(gd4), address(gh4));
      pool1Infer = new DnnlPool(n, c1, s1, address(h2), address(p2));
      pool3Infer = new DnnlPool(n, c2, s2, address(h4), address(p4));
      drop1 = new DnnlMul(n, c1, s2, address(p2), address(m2), address(d2));
      drop3 = new DnnlMul(n, c2, s2 / 2, address(p4), address(m4), address(MiniVgg.this.d4));
      drop1Backward = new DnnlMul(n, c1, s2, address(gd2), address(m2), address(gd2));
      drop3Backward = new DnnlMul(n, c2, s2 / 2, address(gd4), address(m4), address(gd4));
      long w5At = DnnlBase.address(arrays.params, w5.offset);
      long w6At = DnnlBase.address(arrays.params, w6.offset);
      dense1 = new DnnlMatmul(n, flat, dn, false, false, address(d4), w5At, address(z5));
      dense1Infer = new DnnlMatmul(n, flat, dn, false, false, address(p4), w5At, address(z5));
      dense2 = new DnnlMatmul(n, dn, classes, false, false, address(d5), w6At, address(z6));
      dense2GradW = new DnnlMatmul(dn, n, classes, true, false, address(d5), address(gz6),
          DnnlBase.address(arrays.grads, w6.offset));
      dense2GradX = new DnnlMatmul(n, classes, dn, false, true, address(gz6), w6At, address(gd5));
      dense1GradW = new DnnlMatmul(flat, n, dn, true, false, address(d4), address(gd5),
          DnnlBase.address(arrays.grads, w5.offset));
      dense1GradX = new DnnlMatmul(n, dn, flat, false, true, address(gd5), w5At, address(gd4));
    }

    /** Convolution {@code l}'s buffers; null gradient buffers for a forward-only layer. */
    private DnnlConv.Buffers buffers(int l, Buf x, Buf z, Buf gz, Buf gx) {
      return new DnnlConv.Buffers(address(x), DnnlBase.address(arrays.params, convW[l].offset),
          DnnlBase.address(arrays.params, convB[l].offset), address(z), address(gz), address(gx),
          DnnlBase.address(arrays.grads, convW[l].offset),
          DnnlBase.address(arrays.grads, convB[l].offset));
    }

    private long address(Buf b) {
      return b == null ? 0 : DnnlBase.address(b.full, 0);
    }

    @Override
    public void close() {
      for (int l = 0; l < 4; l++) {
        conv[l].close();
        bn[l].close();
      }
      for (DnnlConv c : convInfer) {
        c.close();
      }
      for (DnnlBase b : new DnnlBase[] {pool1, pool3, pool1Infer, pool3Infer, drop1, drop3,
          drop1Backward, drop3Backward}) {
        b.close();
      }
      for (DnnlMatmul d : new DnnlMatmul[] {dense1, dense1Infer, dense2, dense2GradW, dense2GradX,
          dense1GradW, dense1GradX}) {
        d.close();
      }
    }
  }
}
