package dev.lrsweep.benchtorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * MiniVGG on the official libtorch (2.7.1 through DJL's PyTorch engine), the peer that
 * scripts/bench-engine measures our engine against. Not a test and not part of the product.
 *
 * <p>The same network, batch and optimizer as sweep-worker's {@code MiniVgg} and
 * scripts/bench/minivgg_torch.py: conv3x3(32)+ReLU+BN x2, maxpool 2x2, dropout 0.25,
 * conv3x3(64)+ReLU+BN x2, maxpool 2x2, dropout 0.25, dense 512+ReLU+BN, dropout 0.5, dense 10;
 * BatchNorm eps 1e-3 and torch momentum 0.01 (Keras's 0.99); cross-entropy; SGD lr 0.01,
 * momentum 0.9, Nesterov. Every layer is one libtorch op called through DJL's JNI ({@code
 * JniUtils}: {@code torch::conv2d}, {@code batch_norm}, {@code max_pool2d}, {@code dropout},
 * {@code linear}), autograd by libtorch. DJL's PyTorch engine has no Nesterov optimizer, so
 * the update is written here as {@code torch.optim.SGD(nesterov=True)} defines it (dampening
 * 0, no weight decay): {@code buf = momentum * buf + g; g = g + momentum * buf; p -= lr * g}.
 *
 * <p>Memory formats: {@code nchw} (contiguous) and {@code channels_last}: the input and the
 * convolution weights are stored NHWC / {@code [out, kH, kW, in]} and handed to libtorch as
 * permuted views, which is exactly how PyTorch represents a channels_last tensor (NCHW sizes,
 * NHWC strides), so libtorch's oneDNN convolutions and its BN/pool kernels run channels-last.
 * The flattening before the dense layer permutes back to NHWC (a free view) instead of copying.
 *
 * <p>DJL's offline mode is set before the engine loads: with the native jar on the class path
 * DJL unpacks libtorch from it, and any download attempt fails loudly.
 *
 * <pre>
 *   LibtorchMiniVggBench --serve BATCH THREADS
 * </pre>
 * warms up, prints "ready", then answers each stdin line {@code <train|infer> <nchw|channels_last>
 * <seconds>} with one line: images per wall second and images per CPU second of the process.
 * {@code LibtorchMiniVggBench --version} prints the libtorch version DJL loaded.
 */
public final class LibtorchMiniVggBench {
  private static final float LR = 0.01f;
  private static final float MOMENTUM = 0.9f;
  private static final double BN_MOMENTUM = 0.01;
  private static final double BN_EPS = 1e-3;

  private LibtorchMiniVggBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    Engine engine = Engine.getEngine("PyTorch");
    if (args.length > 0 && args[0].equals("--version")) {
      System.out.println(engine.getVersion());
      return;
    }
    if (args.length != 3 || !args[0].equals("--serve")) {
      System.err.println("usage: LibtorchMiniVggBench --serve BATCH THREADS | --version");
      System.exit(2);
    }
    int batch = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    JniUtils.setNumInteropThreads(1);
    JniUtils.setNumThreads(threads);
    try (NDManager root = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Net nchw = new Net(root, batch, false);
      Net cl = new Net(root, batch, true);
      for (Net net : new Net[] {nchw, cl}) {
        timed(net::train, 2);
        timed(net::infer, 1);
      }
      System.out.println("ready");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.trim().split("\\s+");
        Net net = switch (f[1]) {
          case "nchw" -> nchw;
          case "channels_last" -> cl;
          default -> throw new IllegalArgumentException("unknown memory format '" + f[1] + "'");
        };
        Runnable step = switch (f[0]) {
          case "train" -> net::train;
          case "infer" -> net::infer;
          default -> throw new IllegalArgumentException("unknown command '" + f[0] + "'");
        };
        int[] calls = {0};
        long cpu0 = processCpuNanos();
        double perCall = timed(() -> {
          calls[0]++;
          step.run();
        }, Double.parseDouble(f[2]));
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%.2f %.2f%n", batch / perCall, batch * calls[0] / cpu);
        System.out.flush();
      }
    }
  }

  /** One MiniVGG with its parameters, Nesterov buffers, BN statistics and a synthetic batch. */
  private static final class Net {
    final NDManager pm;
    final int n;
    final boolean channelsLast;
    final float[] images;
    final float[] onehot;
    final PtNDArray[] convW = new PtNDArray[4];
    final PtNDArray[] convB = new PtNDArray[4];
    final PtNDArray[] gamma = new PtNDArray[5];
    final PtNDArray[] beta = new PtNDArray[5];
    final PtNDArray[] runMean = new PtNDArray[5];
    final PtNDArray[] runVar = new PtNDArray[5];
    final PtNDArray w5;
    final PtNDArray b5;
    final PtNDArray w6;
    final PtNDArray b6;
    final List<PtNDArray> params = new ArrayList<>();
    final List<PtNDArray> momentum = new ArrayList<>();

    Net(NDManager root, int n, boolean channelsLast) {
      this.pm = root.newSubManager();
      this.n = n;
      this.channelsLast = channelsLast;
      Random r = new Random(1);
      images = new float[n * 3 * 32 * 32];
      for (int i = 0; i < images.length; i++) {
        images[i] = r.nextFloat();
      }
      onehot = new float[n * 10];
      for (int i = 0; i < n; i++) {
        onehot[i * 10 + r.nextInt(10)] = 1f;
      }
      int[] in = {3, 32, 32, 64};
      int[] out = {32, 32, 64, 64};
      for (int l = 0; l < 4; l++) {
        Shape shape = channelsLast ? new Shape(out[l], 3, 3, in[l]) : new Shape(out[l], in[l], 3, 3);
        convW[l] = param(glorot(shape, 9L * in[l], 9L * out[l]));
        convB[l] = param(pm.zeros(new Shape(out[l])));
        gamma[l] = param(pm.ones(new Shape(out[l])));
        beta[l] = param(pm.zeros(new Shape(out[l])));
      }
      w5 = param(glorot(new Shape(512, 4096), 4096, 512));
      b5 = param(pm.zeros(new Shape(512)));
      gamma[4] = param(pm.ones(new Shape(512)));
      beta[4] = param(pm.zeros(new Shape(512)));
      w6 = param(glorot(new Shape(10, 512), 512, 10));
      b6 = param(pm.zeros(new Shape(10)));
      int[] width = {32, 32, 64, 64, 512};
      for (int l = 0; l < 5; l++) {
        runMean[l] = (PtNDArray) pm.zeros(new Shape(width[l]));
        runVar[l] = (PtNDArray) pm.ones(new Shape(width[l]));
      }
    }

    private NDArray glorot(Shape shape, long fanIn, long fanOut) {
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      return pm.randomUniform(-limit, limit, shape);
    }

    private PtNDArray param(NDArray a) {
      PtNDArray p = (PtNDArray) a;
      p.setRequiresGradient(true);
      params.add(p);
      momentum.add((PtNDArray) pm.zeros(p.getShape()));
      return p;
    }

    /** The batch as libtorch sees it: NCHW sizes, in the chosen memory format. */
    private PtNDArray input(NDManager sm) {
      if (!channelsLast) {
        return (PtNDArray) sm.create(images, new Shape(n, 3, 32, 32));
      }
      // NHWC storage, viewed with NCHW sizes: a channels_last tensor.
      float[] nhwc = new float[images.length];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < 3; c++) {
          for (int p = 0; p < 1024; p++) {
            nhwc[(i * 1024 + p) * 3 + c] = images[(i * 3 + c) * 1024 + p];
          }
        }
      }
      return JniUtils.permute((PtNDArray) sm.create(nhwc, new Shape(n, 32, 32, 3)), new long[] {0, 3, 1, 2});
    }

    private PtNDArray weight(int l, NDManager sm) {
      if (!channelsLast) {
        return convW[l];
      }
      PtNDArray v = JniUtils.permute(convW[l], new long[] {0, 3, 1, 2});
      v.attach(sm);
      return v;
    }

    private PtNDArray block(PtNDArray x, int l, boolean training, NDManager sm) {
      Shape one = new Shape(1, 1);
      PtNDArray z = JniUtils.convolution(x, weight(l, sm), convB[l], one, one, one, 1);
      return batchNorm(JniUtils.relu(z), l, training);
    }

    /**
     * {@code torch::nn::functional::batch_norm}. JniUtils names its parameters (x, gamma, beta,
     * mean, var) but passes them on in libtorch's order (x, running mean, running var, weight,
     * bias), as DJL's own {@code PtNDArrayEx.batchNorm} calls it.
     */
    private PtNDArray batchNorm(PtNDArray x, int l, boolean training) {
      return JniUtils.batchNorm(x, runMean[l], runVar[l], gamma[l], beta[l], training, BN_MOMENTUM, BN_EPS);
    }

    private PtNDArray pool(PtNDArray x) {
      Shape two = new Shape(2, 2);
      return JniUtils.maxPool(x, two, two, new Shape(0, 0), false);
    }

    /** Logits of the batch, all intermediates in {@code sm}. */
    private PtNDArray forward(NDManager sm, boolean training) {
      PtNDArray x = input(sm);
      x = block(x, 0, training, sm);
      x = JniUtils.dropout(pool(block(x, 1, training, sm)), 0.25, training);
      x = block(x, 2, training, sm);
      x = JniUtils.dropout(pool(block(x, 3, training, sm)), 0.25, training);
      if (channelsLast) {
        x = JniUtils.permute(x, new long[] {0, 2, 3, 1});
      }
      x = JniUtils.reshape(x, new long[] {n, 4096});
      x = JniUtils.relu(JniUtils.linear(x, w5, b5));
      x = batchNorm(x, 4, training);
      x = JniUtils.dropout(x, 0.5, training);
      return JniUtils.linear(x, w6, b6);
    }

    void train() {
      try (NDManager sm = pm.newSubManager()) {
        JniUtils.setGradMode(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
          PtNDArray logits = forward(sm, true);
          NDArray y = sm.create(onehot, new Shape(n, 10));
          NDArray loss = logits.logSoftmax(1).mul(y).sum().neg().div(n);
          gc.backward(loss);
        }
        JniUtils.setGradMode(false);
        nesterov(sm);
      }
    }

    /** torch.optim.SGD(lr, momentum, nesterov=True), dampening 0, no weight decay. */
    private void nesterov(NDManager sm) {
      for (int i = 0; i < params.size(); i++) {
        PtNDArray p = params.get(i);
        PtNDArray buf = momentum.get(i);
        PtNDArray g = p.getGradient();
        g.attach(sm);
        buf.muli(MOMENTUM).addi(g);                 // buf = momentum * buf + g
        NDArray step = buf.mul(MOMENTUM);
        step.attach(sm);
        step.addi(g).muli(LR);                      // lr * (g + momentum * buf)
        p.subi(step);
        JniUtils.zeroGrad(p);
      }
    }

    void infer() {
      try (NDManager sm = pm.newSubManager()) {
        JniUtils.setGradMode(false);
        forward(sm, false).softmax(1);
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Seconds per call, averaged over the calls made within {@code seconds}. */
  private static double timed(Runnable step, double seconds) {
    step.run();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    int calls = 0;
    long now;
    do {
      step.run();
      calls++;
      now = System.nanoTime();
    } while (now < deadline);
    return (now - start) / 1e9 / calls;
  }
}
