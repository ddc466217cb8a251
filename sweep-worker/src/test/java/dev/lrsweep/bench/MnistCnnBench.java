package dev.lrsweep.bench;

import dev.lrsweep.data.ImageShape;
import dev.lrsweep.model.MnistCnn;
import dev.lrsweep.model.Model;
import dev.lrsweep.optim.Adam;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.schedule.ScheduleRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Serve mode for scripts/bench-mnist (not a test): the Keras MNIST CNN with Adam (Keras
 * defaults, lr 0.002) on synthetic 1x28x28 batches. Warms up, prints "ready", then answers each
 * stdin line "{@code train|infer <seconds>}" with images per wall second and images per CPU second
 * of the whole process, as {@link EngineBench}'s serve mode does for MiniVGG.
 *
 * <p>Arguments: {@code --serve BATCH THREADS}.
 */
public final class MnistCnnBench {
  private MnistCnnBench() {}

  public static void main(String[] args) throws java.io.IOException {
    int batch = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    Nd4j.getExecutioner();
    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    ImageShape shape = new ImageShape(1, 28, 28);
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[batch * shape.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = r.nextInt(10);
    }
    try (Model net = new MnistCnn(MnistCnn.Config.keras(), shape, 10, batch, 42)) {
      Optimizer.Step step = Adam.keras().start(ScheduleRegistry.create("constant", Map.of("lr", 0.002)), net.params());
      SplittableRandom dropout = new SplittableRandom(2);
      int[] iteration = {0};
      Runnable train = () -> {
        net.trainStep(x, y, batch, dropout);
        step.apply(net.gradients(), iteration[0]++, 0);
        net.params().subi(net.gradients());
      };
      int[] predicted = new int[batch];
      Runnable infer = () -> net.evaluate(x, y, batch, predicted);
      EngineBench.timed(train, 3);
      EngineBench.timed(infer, 2);
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.trim().split("\\s+");
        Runnable what = f[0].equals("train") ? train : infer;
        int[] calls = {0};
        long cpu0 = EngineBench.processCpuNanos();
        double perCall = EngineBench.timed(() -> {
          calls[0]++;
          what.run();
        }, Double.parseDouble(f[1]));
        double cpu = (EngineBench.processCpuNanos() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%.2f %.2f%n", batch / perCall, batch * calls[0] / cpu);
        System.out.flush();
      }
    }
  }
}
