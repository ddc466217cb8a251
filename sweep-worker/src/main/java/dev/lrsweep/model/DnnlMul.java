package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * {@code out = a * b} element by element as a oneDNN primitive over the caller's buffers of
 * {@code n x side x side x c} floats ({@code out} may be {@code a}): dropout's forward pass
 * (input times mask) and backward pass (gradient times mask, in place).
 */
final class DnnlMul extends DnnlBase {
  /** oneDNN's name for the kernel it chose. */
  final String implementation;
  private final primitive mul;
  private final IntMemoryMap args = own(new IntMemoryMap());

  DnnlMul(int n, int c, int side, long a, long b, long out) {
    memory.desc d = nhwc(n, c, side, side);
    binary.primitive_desc pd = own(new binary.primitive_desc(eng, algorithm.binary_mul, d, d, d));
    mul = own(new binary(pd));
    implementation = pd.impl_info_str().getString();
    args.put(DNNL_ARG_SRC_0, over(d, a));
    args.put(DNNL_ARG_SRC_1, over(d, b));
    args.put(DNNL_ARG_DST, over(d, out));
  }

  void run() {
    mul.execute(stream, args);
    stream._wait();
  }
}
