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
 * scripts/bench-engine). Prints one line per round: {@code ours train <img/s> infer <img/s>}.
 *
 * <p>Arguments: rounds, seconds per measurement, batch size, threads.
 */
public final class EngineBench {
  private EngineBench() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    MiniVggConfig cfg = MiniVggConfig.article();
    // The trainer's thread setting: OpenMP threads of the calling thread, OpenBLAS threads.
    Nd4j.getExecutioner();
    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[batch * 3 * 32 * 32];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = r.nextInt(10);
    }
    try (MiniVgg net = new MiniVgg(cfg, batch, 42)) {
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
      // Warm-up: JIT and oneDNN primitive caches.
      timed(train, 3);
      timed(infer, 3);
      for (int round = 0; round < rounds; round++) {
        double t = batch / timed(train, seconds);
        double i = batch / timed(infer, seconds / 2);
        System.out.printf(Locale.ROOT, "ours train %.1f infer %.1f%n", t, i);
      }
    }
  }

  /** Seconds per call, averaged over calls made within {@code seconds}. */
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
