package dev.lrsweep.bench;

import dev.lrsweep.model.MiniVgg;
import dev.lrsweep.model.MiniVggConfig;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Throughput of the MiniVGG engine on synthetic CIFAR-shaped batches (not a test; run by
 * scripts/bench-engine). Prints the training FLOPs per image and the sgemm rate, then one
 * line per round: {@code ours train <img/s> infer <img/s>}.
 *
 * <p>Arguments: rounds, seconds per measurement, batch size, threads.
 */
public final class EngineBench {
  private EngineBench() {}

  public static void main(String[] args) throws java.io.IOException {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    MiniVggConfig cfg = MiniVggConfig.article();
    useThreads(threads);
    float[] x = syntheticImages(batch);
    int[] y = syntheticLabels(batch);
    try (MiniVgg net = new MiniVgg(cfg, batch, 42)) {
      Runnable[] steps = trainAndInfer(net, x, y, batch);
      Runnable train = steps[0];
      Runnable infer = steps[1];
      // Warm-up: JIT and oneDNN primitive caches.
      timed(train, 3);
      timed(infer, 3);
      System.out.printf(Locale.ROOT, "ours train_mflop_per_image %.1f%n",
          3 * 2 * cfg.forwardMultiplyAdds() / 1e6);
      System.out.printf(Locale.ROOT, "ours gemm_gflops %.1f%n", gemmGflops(seconds / 2));
      for (int round = 0; round < rounds; round++) {
        double t = batch / timed(train, seconds);
        double i = batch / timed(infer, seconds / 2);
        System.out.printf(Locale.ROOT, "ours train %.1f infer %.1f%n", t, i);
      }
    }
  }

  /**
   * Serve mode for scripts/bench/interleave.py: warms up, prints "ready", then answers each
   * stdin line "{@code train|infer|gemm <seconds>}" with one line: images per wall second and
   * images per CPU second of the whole process (GFLOP/s for gemm).
   */
  private static void serve(int batch, int threads) throws java.io.IOException {
    useThreads(threads);
    MiniVggConfig cfg = MiniVggConfig.article();
    float[] x = syntheticImages(batch);
    int[] y = syntheticLabels(batch);
    try (MiniVgg net = new MiniVgg(cfg, batch, 42)) {
      Runnable[] steps = trainAndInfer(net, x, y, batch);
      timed(steps[0], 3);
      timed(steps[1], 2);
      System.out.println("ready");
      java.io.BufferedReader in = new java.io.BufferedReader(
          new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.trim().split("\\s+");
        double seconds = Double.parseDouble(f[1]);
        if (f[0].equals("gemm")) {
          System.out.printf(Locale.ROOT, "%.2f%n", gemmGflops(seconds));
        } else {
          Runnable step = switch (f[0]) {
            case "train" -> steps[0];
            case "infer" -> steps[1];
            default -> throw new IllegalArgumentException("unknown command '" + f[0] + "'");
          };
          int[] calls = {0};
          long cpu0 = processCpuNanos();
          double perCall = timed(() -> {
            calls[0]++;
            step.run();
          }, seconds);
          double cpu = (processCpuNanos() - cpu0) / 1e9;
          // images per wall second, and per CPU second of the whole process (all threads)
          System.out.printf(Locale.ROOT, "%.2f %.2f%n", batch / perCall, batch * calls[0] / cpu);
        }
        System.out.flush();
      }
    }
  }

  /** CPU time of this process, all threads (shared with MnistCnnBench). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void useThreads(int threads) {
    // The trainer's thread setting: OpenMP threads of the calling thread, OpenBLAS threads.
    Nd4j.getExecutioner();
    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
  }

  private static float[] syntheticImages(int batch) {
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[batch * 3 * 32 * 32];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return x;
  }

  private static int[] syntheticLabels(int batch) {
    SplittableRandom r = new SplittableRandom(2);
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = r.nextInt(10);
    }
    return y;
  }

  /** A training step (forward, backward, Nesterov update) and an inference pass. */
  private static Runnable[] trainAndInfer(MiniVgg net, float[] x, int[] y, int batch) {
    INDArray state = Nd4j.create(net.params().dataType(), net.params().shape());
    GradientUpdater<?> updater = new Nesterovs(0.01, 0.9).instantiate(state, true);
    SplittableRandom rng = new SplittableRandom(2);
    int[] iteration = {0};
    Runnable train = () -> {
      net.trainStep(x, y, batch, rng);
      updater.applyUpdater(net.gradients(), iteration[0]++, 0);
      net.params().subi(net.gradients());
    };
    Runnable infer = () -> net.predict(x, batch);
    return new Runnable[] {train, infer};
  }

  /**
   * The machine's attainable float32 FLOP rate here: ND4J's sgemm (OpenBLAS) on 2048x2048
   * matrices, with the same threads as the network. Training throughput is reported as a
   * fraction of it.
   */
  private static double gemmGflops(double seconds) {
    int m = 2048;
    INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, m, m);
    INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, m, m);
    INDArray c = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, m, m);
    double perCall = timed(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), seconds);
    return 2.0 * m * m * m / perCall / 1e9;
  }

  /** Seconds per call, averaged over calls made within {@code seconds} (shared with MnistCnnBench). */
  static double timed(Runnable step, double seconds) {
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
