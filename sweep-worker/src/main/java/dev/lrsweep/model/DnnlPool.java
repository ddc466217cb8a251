package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.primitive;

/**
 * 2x2 max pooling with stride 2, forward only, as a oneDNN primitive for one layer and batch
 * size, on the caller's NHWC buffers. The backward pass is {@link Kernels#maxUnpool}, which
 * finds each window's winner again from the input.
 *
 * <p>Why no workspace and no oneDNN backward: oneDNN 2.5's AVX2 kernel records the winners in a
 * byte workspace, which on channels-last tensors made the forward pass 6x slower (13.8 against
 * 2.3 ms for MiniVGG's 64x32x32x32 at one thread, measured), and its backward (7.5 ms) gains
 * nothing over the Java pass. (Measured on oneDNN 2.5.2; not measured again on 3.8.1.)
 */
final class DnnlPool extends DnnlBase {

  /** oneDNN's name for the kernel it chose, e.g. {@code jit:avx2}. */
  final String implementation;
  private final primitive fwd;
  private final IntMemoryMap fwdArgs = own(new IntMemoryMap());

  /**
   * @param x the input, {@code n x side x side x c}
   * @param p the pooled output, {@code n x side/2 x side/2 x c}
   */
  DnnlPool(int n, int c, int side, long x, long p) {
    memory.desc xd = nhwc(n, c, side, side);
    memory.desc pd = nhwc(n, c, side / 2, side / 2);
    pooling_forward.primitive_desc fpd = own(new pooling_forward.primitive_desc(eng,
        prop_kind.forward_inference, algorithm.pooling_max, xd, pd, dims(2, 2), dims(2, 2),
        dims(0, 0), dims(0, 0), dims(0, 0)));
    fwd = own(new pooling_forward(fpd));
    implementation = fpd.impl_info_str().getString();
    fwdArgs.put(DNNL_ARG_SRC, over(xd, x));
    fwdArgs.put(DNNL_ARG_DST, over(pd, p));
  }

  /** {@code p} = the maximum of each window of {@code x}. */
  void forward() {
    fwd.execute(stream, fwdArgs);
    stream._wait();
  }
}
