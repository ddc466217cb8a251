package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.javacpp.LongPointer;

/**
 * 2x2 max pooling with stride 2 as oneDNN primitives for one layer and batch size, on the
 * caller's NHWC buffers: forward only ({@link #DnnlPool(int, int, int, long, long)}, inference),
 * or forward with oneDNN's workspace (the winner of each window) and the backward pass that
 * routes each window's gradient to its winner ({@link #training}).
 *
 * <p>History: on oneDNN 2.5.2 the AVX2 kernel's byte workspace made the forward pass 6x slower
 * on channels-last tensors (13.8 against 2.3 ms for MiniVGG's 64x32x32x32 at one thread), so the
 * backward pass was a Java loop ({@link Kernels#maxUnpool}, one thread). On 3.8.1 the forward
 * with the workspace takes 1.6-2.1 ms and the backward 1.2-1.8 ms, on the trial's OpenMP threads
 * (docs/BENCHMARKS.md).
 */
final class DnnlPool extends DnnlBase {

  /** oneDNN's name for the kernel it chose, e.g. {@code jit:avx2}. */
  final String implementation;
  private final primitive fwd;
  private final IntMemoryMap fwdArgs = own(new IntMemoryMap());
  private final primitive bwd;
  private final IntMemoryMap bwdArgs;

  /**
   * Forward only.
   *
   * @param x the input, {@code n x side x side x c}
   * @param p the pooled output, {@code n x side/2 x side/2 x c}
   */
  DnnlPool(int n, int c, int side, long x, long p) {
    this(n, c, side, x, p, 0, 0);
  }

  /**
   * Forward with the workspace, and {@link #backward()}: from {@code gp} (the gradient with
   * respect to {@code p}) to {@code gx} (with respect to {@code x}: each window's gradient on
   * the element oneDNN chose as its maximum, zeros elsewhere).
   */
  static DnnlPool training(int n, int c, int side, long x, long p, long gp, long gx) {
    return new DnnlPool(n, c, side, x, p, gp, gx);
  }

  private DnnlPool(int n, int c, int side, long x, long p, long gp, long gx) {
    memory.desc xd = nhwc(n, c, side, side);
    memory.desc pd = nhwc(n, c, side / 2, side / 2);
    boolean training = gp != 0;
    LongPointer window = dims(2, 2); // the kernel and the strides
    LongPointer zero = dims(0, 0); // no dilation, no padding
    pooling_forward.primitive_desc fpd = own(new pooling_forward.primitive_desc(eng,
        training ? prop_kind.forward_training : prop_kind.forward_inference,
        algorithm.pooling_max, xd, pd, window, window, zero, zero, zero));
    fwd = own(new pooling_forward(fpd));
    fwdArgs.put(DNNL_ARG_SRC, over(xd, x));
    fwdArgs.put(DNNL_ARG_DST, over(pd, p));
    if (!training) {
      implementation = fpd.impl_info_str().getString();
      bwd = null;
      bwdArgs = null;
      return;
    }
    memory workspace = allocate(fpd.workspace_desc());
    fwdArgs.put(DNNL_ARG_WORKSPACE, workspace);
    pooling_backward.primitive_desc bpd = own(new pooling_backward.primitive_desc(eng,
        algorithm.pooling_max, xd, pd, window, window, zero, zero, zero, fpd));
    bwd = own(new pooling_backward(bpd));
    implementation = fpd.impl_info_str().getString() + " / " + bpd.impl_info_str().getString();
    bwdArgs = own(new IntMemoryMap());
    bwdArgs.put(DNNL_ARG_DIFF_DST, over(pd, gp));
    bwdArgs.put(DNNL_ARG_DIFF_SRC, over(xd, gx));
    bwdArgs.put(DNNL_ARG_WORKSPACE, workspace);
  }

  /** {@code p} = the maximum of each window of {@code x} (and, in training, the winners). */
  void forward() {
    fwd.execute(stream, fwdArgs);
    stream._wait();
  }

  /** {@code gx} from {@code gp} through the winners of the last {@link #forward()}. */
  void backward() {
    bwd.execute(stream, bwdArgs);
    stream._wait();
  }
}
