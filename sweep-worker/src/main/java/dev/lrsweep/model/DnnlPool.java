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

/**
 * 2x2 max pooling with stride 2 as oneDNN primitives for one layer and batch size, on the
 * caller's NHWC buffers. The forward pass records each window's winner (the first maximum in
 * row-major order on ties) in a workspace, from which the backward pass sends each pooled
 * gradient to its winner and 0 to the other three.
 */
final class DnnlPool extends DnnlBase {
  private static final long[] TWO = {2, 2};
  private static final long[] NONE = {0, 0};

  /** oneDNN's names for the kernels it chose, forward and backward, e.g. {@code jit:avx2}. */
  final String implementation;
  private final primitive fwd;
  private final IntMemoryMap fwdArgs = own(new IntMemoryMap());
  private final primitive bwd;
  private final IntMemoryMap bwdArgs = own(new IntMemoryMap());

  /**
   * @param x the input, {@code n x side x side x c}
   * @param p the pooled output, {@code n x side/2 x side/2 x c}
   * @param gp the gradient with respect to {@code p}
   * @param gx where the gradient with respect to {@code x} goes
   */
  DnnlPool(int n, int c, int side, long x, long p, long gp, long gx) {
    memory.desc xd = nhwc(n, c, side, side);
    memory.desc pd = nhwc(n, c, side / 2, side / 2);
    pooling_forward.primitive_desc fpd = own(new pooling_forward.primitive_desc(
        own(new pooling_forward.desc(prop_kind.forward_training, algorithm.pooling_max, xd, pd,
            TWO, TWO, NONE, NONE)), eng));
    fwd = own(new pooling_forward(fpd));
    memory workspace = allocate(fpd.workspace_desc());
    fwdArgs.put(DNNL_ARG_SRC, over(xd, x));
    fwdArgs.put(DNNL_ARG_DST, over(pd, p));
    fwdArgs.put(DNNL_ARG_WORKSPACE, workspace);
    pooling_backward.primitive_desc bpd = own(new pooling_backward.primitive_desc(
        own(new pooling_backward.desc(algorithm.pooling_max, xd, pd, TWO, TWO, NONE, NONE)),
        eng, fpd));
    bwd = own(new pooling_backward(bpd));
    implementation = fpd.impl_info_str().getString() + " / " + bpd.impl_info_str().getString();
    bwdArgs.put(DNNL_ARG_DIFF_DST, over(pd, gp));
    bwdArgs.put(DNNL_ARG_DIFF_SRC, over(xd, gx));
    bwdArgs.put(DNNL_ARG_WORKSPACE, workspace);
  }

  /** {@code p} = the maximum of each window of {@code x}; the winners are kept for {@link #backward()}. */
  void forward() {
    fwd.execute(stream, fwdArgs);
    stream._wait();
  }

  /** {@code gx} from {@code gp} through the last {@link #forward()}'s winners. */
  void backward() {
    bwd.execute(stream, bwdArgs);
    stream._wait();
  }
}
