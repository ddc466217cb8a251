package dev.lrsweep.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each of MiniVGG's four convolutions alone, as libnd4j's {@code conv2d} and {@code conv2d_bp}
 * ops with the arguments {@code MiniVgg} uses (NHWC, {@code [out, kH, kW, in]} weights, 3x3 SAME),
 * on random tensors of a batch of 64: milliseconds per call (best of 5 x 5 calls) and GFLOP/s,
 * two passes, then the sgemm rate at 1024^3. With {@code nchw}, the same convolutions in NCHW
 * with {@code [kH, kW, in, out]} weights, the layout the engine does not use, for comparison.
 * Not a test; docs/BENCHMARKS.md quotes it.
 *
 * <pre>java -cp ... dev.lrsweep.bench.ConvBench THREADS [nhwc|nchw]</pre>
 */
public final class ConvBench {
  private static final int[] NHWC = {3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2};
  private static final int[] NCHW = {3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0};
  private static final int BATCH = 64;

  private ConvBench() {}

  public static void main(String[] args) {
    int threads = Integer.parseInt(args[0]);
    boolean nchw = args.length > 1 && args[1].equals("nchw");
    int[] iArgs = nchw ? NCHW : NHWC;
    Nd4j.getExecutioner();
    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    int[][] layers = {{3, 32, 32}, {32, 32, 32}, {32, 64, 16}, {64, 64, 16}};
    for (int pass = 0; pass < 2; pass++) {
      for (int[] l : layers) {
        int ci = l[0];
        int co = l[1];
        int s = l[2];
        long[] xs = nchw ? new long[] {BATCH, ci, s, s} : new long[] {BATCH, s, s, ci};
        long[] zs = nchw ? new long[] {BATCH, co, s, s} : new long[] {BATCH, s, s, co};
        long[] ws = nchw ? new long[] {3, 3, ci, co} : new long[] {co, 3, 3, ci};
        INDArray x = Nd4j.rand(DataType.FLOAT, xs);
        INDArray w = Nd4j.rand(DataType.FLOAT, ws).subi(0.5);
        INDArray b = Nd4j.zeros(DataType.FLOAT, co);
        INDArray z = Nd4j.create(DataType.FLOAT, zs);
        INDArray gz = Nd4j.rand(DataType.FLOAT, zs);
        INDArray gx = Nd4j.create(DataType.FLOAT, xs);
        INDArray gw = Nd4j.create(DataType.FLOAT, ws);
        INDArray gb = Nd4j.create(DataType.FLOAT, co);
        DynamicCustomOp fwd = DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z)
            .addIntegerArguments(iArgs).build();
        DynamicCustomOp bp = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, gz)
            .addOutputs(gx, gw, gb).addIntegerArguments(iArgs).build();
        double flop = 2.0 * BATCH * s * s * co * ci * 9;
        double tf = time(() -> Nd4j.exec(fwd));
        double tb = time(() -> Nd4j.exec(bp));
        System.out.printf(java.util.Locale.ROOT,
            "%2d->%2d @%2d: forward %6.2f ms (%5.1f GFLOP/s), backward %6.2f ms (%5.1f GFLOP/s)%n",
            ci, co, s, tf * 1e3, flop / tf / 1e9, tb * 1e3, 2 * flop / tb / 1e9);
      }
    }
    int m = 1024;
    INDArray a = Nd4j.rand(DataType.FLOAT, m, m);
    INDArray bm = Nd4j.rand(DataType.FLOAT, m, m);
    INDArray c = Nd4j.create(DataType.FLOAT, m, m);
    double tg = time(() -> Nd4j.gemm(a, bm, c, false, false, 1.0, 0.0));
    System.out.printf(java.util.Locale.ROOT, "sgemm %d^3: %.1f GFLOP/s%n", m, 2.0 * m * m * m / tg / 1e9);
  }

  /** Seconds per call: best of 5 rounds of 5 calls, after 3 warm-up calls. */
  private static double time(Runnable r) {
    for (int i = 0; i < 3; i++) {
      r.run();
    }
    double best = Double.MAX_VALUE;
    for (int k = 0; k < 5; k++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        r.run();
      }
      best = Math.min(best, (System.nanoTime() - t0) / 5e9);
    }
    return best;
  }
}
