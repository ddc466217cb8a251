package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;

/**
 * {@code C = op(A) op(B)} for row-major float matrices at fixed addresses, as a oneDNN matmul
 * primitive built once and reused (a dense layer's forward pass or one of its gradients), where
 * {@code op(A)} is {@code m x k} and {@code op(B)} is {@code k x n}; a transposed operand is read
 * as its row-major transpose, without a copy.
 *
 * <p>Why not {@code Nd4j.gemm}: libnd4j runs the same oneDNN sgemm and gives the same bits, but
 * around it spends as long again per call (measured at one thread on MiniVGG's dense layer,
 * batch 64: 10.8 against 4.8 ms for 64x4096 times 4096x512, 6.2 against 4.0 ms for the weight
 * gradient).
 */
final class DnnlMatmul extends DnnlBase {
  private final primitive mul;
  private final IntMemoryMap args = own(new IntMemoryMap());

  /**
   * @param a {@code m x k} row-major, or {@code k x m} when {@code transposeA}
   * @param b {@code k x n} row-major, or {@code n x k} when {@code transposeB}
   * @param c {@code m x n} row-major, overwritten
   */
  DnnlMatmul(int m, int k, int n, boolean transposeA, boolean transposeB, long a, long b, long c) {
    memory.desc ad = f32(transposeA ? memory.format_tag.ba : memory.format_tag.ab, m, k);
    memory.desc bd = f32(transposeB ? memory.format_tag.ba : memory.format_tag.ab, k, n);
    memory.desc cd = f32(memory.format_tag.ab, m, n);
    mul = own(new matmul(own(new matmul.primitive_desc(eng, ad, bd, cd))));
    args.put(DNNL_ARG_SRC, over(ad, a));
    args.put(DNNL_ARG_WEIGHTS, over(bd, b));
    args.put(DNNL_ARG_DST, over(cd, c));
  }

  void run() {
    mul.execute(stream, args);
    stream._wait();
  }
}
