package dev.lrsweep.bench;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.nio.file.*;
import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each of MiniVGG's four convolutions (batch 64, NHWC, {@code [out, kH, kW, in]} weights, 3x3
 * SAME), forward and backward (data and weight gradients), three ways: libnd4j's {@code conv2d} /
 * {@code conv2d_bp} ops as the engine called them before issue 14; oneDNN called directly through
 * {@code org.bytedeco:dnnl} with primitives built once, NHWC activations in place and the weights
 * reordered from and to {@code [out, kH, kW, in]} on every call ({@code direct-nhwc}, what {@code
 * model.DnnlConv} does); and the same with activations in the primitives' own (blocked) layout,
 * reordered in and out on every call into memory allocated once ({@code direct-blk}). Milliseconds
 * per call (best of 5 x 5 calls), the speed-up over libnd4j and the relative L2 difference of each
 * output from libnd4j's (z, input gradient, weight gradient, bias gradient). Prints the mapped
 * libgomp/oneDNN libraries first. Not a test; docs/BENCHMARKS.md quotes it.
 *
 * <pre>java -cp ... dev.lrsweep.bench.DnnlConvBench THREADS</pre>
 */
public final class DnnlConvBench {
  private DnnlConvBench() {}

  static final int[] NHWC = {3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2};
  static final int BATCH = 64;

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    Nd4j.getExecutioner();
    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    engine eng = new engine(engine.kind.cpu, 0);
    stream st = new stream(eng);
    for (String l : Files.readAllLines(Paths.get("/proc/self/maps"))) {
      if (l.contains("gomp") || l.contains("dnnl") || l.contains("nd4jcpu")) {
        if (l.contains("r-xp")) System.out.println(l.substring(l.indexOf('/')));
      }
    }
    int[][] layers = {{32, 32, 32}, {32, 64, 16}, {64, 64, 16}, {3, 32, 32}};
    for (int pass = 0; pass < 2; pass++) {
      for (int[] l : layers) {
        int ci = l[0], co = l[1], s = l[2];
        long[] xs = {BATCH, s, s, ci};
        long[] zs = {BATCH, s, s, co};
        long[] ws = {co, 3, 3, ci};
        INDArray x = Nd4j.rand(DataType.FLOAT, xs);
        INDArray w = Nd4j.rand(DataType.FLOAT, ws).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, co);
        INDArray z = Nd4j.create(DataType.FLOAT, zs);
        INDArray gz = Nd4j.rand(DataType.FLOAT, zs).subi(0.5);
        INDArray gx = Nd4j.create(DataType.FLOAT, xs);
        INDArray gw = Nd4j.create(DataType.FLOAT, ws);
        INDArray gb = Nd4j.create(DataType.FLOAT, co);
        DynamicCustomOp fwd = DynamicCustomOp.builder("conv2d").addInputs(x, w, b).addOutputs(z)
            .addIntegerArguments(NHWC).build();
        DynamicCustomOp bp = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, gz)
            .addOutputs(gx, gw, gb).addIntegerArguments(NHWC).build();
        double flop = 2.0 * BATCH * s * s * co * ci * 9;
        double tf = time(() -> Nd4j.exec(fwd));
        double tb = time(() -> Nd4j.exec(bp));
        INDArray zRef = z.dup(), gxRef = gx.dup(), gwRef = gw.dup(), gbRef = gb.dup();

        // direct oneDNN, nhwc activations, weights in the primitive's layout
        for (boolean blocked : new boolean[] {false, true}) {
          Direct d = new Direct(eng, st, ci, co, s, blocked, x, w, b, z, gz, gx, gw, gb);
          z.assign(0); gx.assign(0); gw.assign(0); gb.assign(0);
          double df = time(d::forward);
          double db = time(d::backward);
          double ez = z.sub(zRef).norm2Number().doubleValue() / zRef.norm2Number().doubleValue();
          double ex = gx.sub(gxRef).norm2Number().doubleValue() / gxRef.norm2Number().doubleValue();
          double ew = gw.sub(gwRef).norm2Number().doubleValue() / gwRef.norm2Number().doubleValue();
          double eb = gb.sub(gbRef).norm2Number().doubleValue() / gbRef.norm2Number().doubleValue();
          if (pass == 1) System.out.println("   " + d.info);
          System.out.printf(java.util.Locale.ROOT,
              "%2d->%2d @%2d: nd4j fwd %6.2f bwd %6.2f | direct-%s fwd %6.2f bwd %6.2f ms (x%.2f, x%.2f) relerr %.1e %.1e %.1e %.1e%n",
              ci, co, s, tf * 1e3, tb * 1e3, blocked ? "blk " : "nhwc", df * 1e3, db * 1e3, tf / df, tb / db, ez, ex, ew, eb);
        }
      }
    }
  }

  static final class Direct {
    final stream st;
    final primitive fwd, bwdData, bwdW;
    final IntMemoryMap fwdArgs = new IntMemoryMap(), bdArgs = new IntMemoryMap(), bwArgs = new IntMemoryMap();
    final reorder wToFwd, wToBd, gwBack;
    final memory uW, fW, bdW, bwGW, uGW;
    final reorder[] pre; final memory[][] preM; final reorder[] post; final memory[][] postM;
    final reorder[] bpre; final memory[][] bpreM; final reorder[] bpost; final memory[][] bpostM;
    String info;

    Direct(engine eng, stream st, int ci, int co, int s, boolean blocked, INDArray x, INDArray w, INDArray b,
        INDArray z, INDArray gz, INDArray gx, INDArray gw, INDArray gb) {
      this.st = st;
      memory.desc xU = new memory.desc(new long[] {BATCH, ci, s, s}, memory.data_type.f32, memory.format_tag.nhwc);
      memory.desc zU = new memory.desc(new long[] {BATCH, co, s, s}, memory.data_type.f32, memory.format_tag.nhwc);
      memory.desc wU = new memory.desc(new long[] {co, ci, 3, 3}, memory.data_type.f32, memory.format_tag.ohwi);
      memory.desc bU = new memory.desc(new long[] {co}, memory.data_type.f32, memory.format_tag.x);
      memory.desc xA = blocked ? new memory.desc(new long[] {BATCH, ci, s, s}, memory.data_type.f32, memory.format_tag.any) : xU;
      memory.desc zA = blocked ? new memory.desc(new long[] {BATCH, co, s, s}, memory.data_type.f32, memory.format_tag.any) : zU;
      memory.desc wA = new memory.desc(new long[] {co, ci, 3, 3}, memory.data_type.f32, memory.format_tag.any);
      org.bytedeco.javacpp.LongPointer one = new org.bytedeco.javacpp.LongPointer(1L, 1L);
      convolution_forward.primitive_desc fpd = new convolution_forward.primitive_desc(
          eng, prop_kind.forward_training, algorithm.convolution_direct, xA, wA, bU, zA, one, one, one);
      convolution_backward_data.primitive_desc dpd = new convolution_backward_data.primitive_desc(
          eng, algorithm.convolution_direct, xA, wA, zA, one, one, one, fpd);
      convolution_backward_weights.primitive_desc wpd = new convolution_backward_weights.primitive_desc(
          eng, algorithm.convolution_direct, xA, wA, bU, zA, one, one, one, fpd);
      info = fpd.impl_info_str().getString() + " / " + dpd.impl_info_str().getString() + " / " + wpd.impl_info_str().getString();
      fwd = new convolution_forward(fpd);
      bwdData = new convolution_backward_data(dpd);
      bwdW = new convolution_backward_weights(wpd);
      memory uX = new memory(xU, eng, x.data().addressPointer());
      memory uZ = new memory(zU, eng, z.data().addressPointer());
      memory uGZ = new memory(zU, eng, gz.data().addressPointer());
      memory uGX = new memory(xU, eng, gx.data().addressPointer());
      uW = new memory(wU, eng, w.data().addressPointer());
      uGW = new memory(wU, eng, gw.data().addressPointer());
      memory uB = new memory(bU, eng, b.data().addressPointer());
      memory uGB = new memory(bU, eng, gb.data().addressPointer());
      fW = new memory(fpd.weights_desc(), eng);
      bdW = new memory(dpd.weights_desc(), eng);
      bwGW = new memory(wpd.diff_weights_desc(), eng);
      wToFwd = new reorder(uW, fW);
      wToBd = new reorder(uW, bdW);
      gwBack = new reorder(bwGW, uGW);
      memory pX = uX, pZ = uZ, pGZ = uGZ, pGX = uGX, pXw = uX, pGZw = uGZ;
      if (blocked) {
        pX = new memory(fpd.src_desc(), eng); pZ = new memory(fpd.dst_desc(), eng);
        pGZ = new memory(dpd.diff_dst_desc(), eng); pGX = new memory(dpd.diff_src_desc(), eng);
        pre = new reorder[] {new reorder(uX, pX)}; preM = new memory[][] {{uX, pX}};
        post = new reorder[] {new reorder(pZ, uZ)}; postM = new memory[][] {{pZ, uZ}};
        // backward: x and gz into the primitives' layouts (bwd weights may want others; assume same)
        bpre = new reorder[] {new reorder(uGZ, pGZ), new reorder(uX, pX)}; bpreM = new memory[][] {{uGZ, pGZ}, {uX, pX}};
        bpost = new reorder[] {new reorder(pGX, uGX)}; bpostM = new memory[][] {{pGX, uGX}};
        pXw = pX; pGZw = pGZ;
        if (!wpd.src_desc().equals(fpd.src_desc()) || !wpd.diff_dst_desc().equals(dpd.diff_dst_desc())) {
          System.out.println("WARNING: bwd weights wants other layouts");
        }
      } else {
        pre = post = bpre = bpost = new reorder[0];
        preM = postM = bpreM = bpostM = new memory[0][];
      }
      fwdArgs.put(DNNL_ARG_SRC, pX); fwdArgs.put(DNNL_ARG_WEIGHTS, fW); fwdArgs.put(DNNL_ARG_BIAS, uB); fwdArgs.put(DNNL_ARG_DST, pZ);
      bdArgs.put(DNNL_ARG_DIFF_DST, pGZ); bdArgs.put(DNNL_ARG_WEIGHTS, bdW); bdArgs.put(DNNL_ARG_DIFF_SRC, pGX);
      bwArgs.put(DNNL_ARG_SRC, pXw); bwArgs.put(DNNL_ARG_DIFF_DST, pGZw); bwArgs.put(DNNL_ARG_DIFF_WEIGHTS, bwGW); bwArgs.put(DNNL_ARG_DIFF_BIAS, uGB);
    }

    void forward() {
      wToFwd.execute(st, uW, fW);
      for (int i = 0; i < pre.length; i++) pre[i].execute(st, preM[i][0], preM[i][1]);
      fwd.execute(st, fwdArgs);
      for (int i = 0; i < post.length; i++) post[i].execute(st, postM[i][0], postM[i][1]);
      st._wait();
    }

    void backward() {
      wToBd.execute(st, uW, bdW);
      for (int i = 0; i < bpre.length; i++) bpre[i].execute(st, bpreM[i][0], bpreM[i][1]);
      bwdData.execute(st, bdArgs);
      bwdW.execute(st, bwArgs);
      gwBack.execute(st, bwGW, uGW);
      for (int i = 0; i < bpost.length; i++) bpost[i].execute(st, bpostM[i][0], bpostM[i][1]);
      st._wait();
    }
  }

  static double time(Runnable r) {
    for (int i = 0; i < 3; i++) r.run();
    double best = Double.MAX_VALUE;
    for (int k = 0; k < 5; k++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 5; i++) r.run();
      best = Math.min(best, (System.nanoTime() - t0) / 5e9);
    }
    return best;
  }
}
