package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;

/**
 * Training-mode BatchNorm of a ReLU output, as oneDNN primitives for one layer and batch size,
 * on the caller's NHWC buffers: the forward pass normalises {@code y} with the batch's mean and
 * biased variance (as Keras does in training) into {@code h} and keeps both statistics; the
 * backward pass turns the gradient with respect to {@code h} into the gradient with respect to
 * the ReLU's input (BatchNorm's full training-mode gradient, then ReLU's mask {@code y > 0}), in
 * place, and writes the gradients of gamma and beta.
 *
 * <p>Gamma and beta are read from, and their gradients written to, {@code 2 x c} floats at one
 * address each: gamma followed by beta, the layout of the networks' flat parameter and gradient
 * arrays (oneDNN's {@code scale_shift}).
 *
 * <p>Why oneDNN and not the Java loops of {@link Kernels}: the primitives run on the trial's
 * OpenMP threads, so a 2-thread trial uses both cores for BatchNorm too, and they work on the
 * native buffers directly, without heap copies.
 */
final class DnnlBatchNorm extends DnnlBase {
  private final int c;
  /** oneDNN's names for the kernels it chose: forward, backward, ReLU backward. */
  final String implementation;
  private final primitive fwd;
  private final IntMemoryMap fwdArgs = own(new IntMemoryMap());
  private final primitive bwd;
  private final IntMemoryMap bwdArgs = own(new IntMemoryMap());
  private final primitive reluBwd;
  private final IntMemoryMap reluBwdArgs = own(new IntMemoryMap());
  private final memory mean;
  private final memory variance;
  private final float[] meanRead;
  private final float[] varianceRead;

  /**
   * @param y the ReLU output (BatchNorm's input), kept from forward to backward
   * @param h the BatchNorm output
   * @param g the gradient with respect to {@code h}; on return from {@link #backward()}, the
   *     gradient with respect to the ReLU's input
   * @param gammaBeta gamma then beta, {@code 2 x c} floats
   * @param gradGammaBeta where their gradients go, {@code 2 x c} floats
   */
  DnnlBatchNorm(int n, int c, int side, double epsilon, long y, long h, long g, long gammaBeta,
      long gradGammaBeta) {
    this.c = c;
    meanRead = new float[c];
    varianceRead = new float[c];
    memory.desc d = nhwc(n, c, side, side);
    float eps = (float) epsilon;
    int flags = normalization_flags.use_scale.value | normalization_flags.use_shift.value;
    batch_normalization_forward.primitive_desc fpd = own(new batch_normalization_forward.primitive_desc(
        eng, prop_kind.forward_training.value, d, d, eps, flags, own(new primitive_attr()), false));
    fwd = own(new batch_normalization_forward(fpd));
    memory src = over(d, y);
    memory.desc perChannel = f32(memory.format_tag.x, c);
    memory scale = over(perChannel, gammaBeta);
    memory shift = over(perChannel, gammaBeta + (long) c * Float.BYTES);
    mean = allocate(fpd.mean_desc());
    variance = allocate(fpd.variance_desc());
    fwdArgs.put(DNNL_ARG_SRC, src);
    fwdArgs.put(DNNL_ARG_DST, over(d, h));
    fwdArgs.put(DNNL_ARG_SCALE, scale);
    fwdArgs.put(DNNL_ARG_SHIFT, shift);
    fwdArgs.put(DNNL_ARG_MEAN, mean);
    fwdArgs.put(DNNL_ARG_VARIANCE, variance);

    batch_normalization_backward.primitive_desc bpd = own(new batch_normalization_backward.primitive_desc(
        eng, prop_kind.backward.value, d, d, d, eps, flags, fpd, own(new primitive_attr()), false));
    bwd = own(new batch_normalization_backward(bpd));
    memory grad = over(d, g);
    bwdArgs.put(DNNL_ARG_SRC, src);
    bwdArgs.put(DNNL_ARG_MEAN, mean);
    bwdArgs.put(DNNL_ARG_VARIANCE, variance);
    bwdArgs.put(DNNL_ARG_SCALE, scale);
    bwdArgs.put(DNNL_ARG_DIFF_DST, grad);
    bwdArgs.put(DNNL_ARG_DIFF_SRC, grad);
    bwdArgs.put(DNNL_ARG_DIFF_SCALE, over(perChannel, gradGammaBeta));
    bwdArgs.put(DNNL_ARG_DIFF_SHIFT, over(perChannel, gradGammaBeta + (long) c * Float.BYTES));

    // ReLU's backward from its output: g * (y > 0).
    eltwise_forward.primitive_desc reluHint = own(new eltwise_forward.primitive_desc(eng,
        prop_kind.forward_training, algorithm.eltwise_relu_use_dst_for_bwd, d, d));
    eltwise_backward.primitive_desc reluPd = own(new eltwise_backward.primitive_desc(eng,
        algorithm.eltwise_relu_use_dst_for_bwd, d, d, d, reluHint));
    reluBwd = own(new eltwise_backward(reluPd));
    implementation = fpd.impl_info_str().getString() + " / " + bpd.impl_info_str().getString()
        + " / " + reluPd.impl_info_str().getString();
    reluBwdArgs.put(DNNL_ARG_DST, src);
    reluBwdArgs.put(DNNL_ARG_DIFF_DST, grad);
    reluBwdArgs.put(DNNL_ARG_DIFF_SRC, grad);
  }

  /**
   * {@code h = (y - mean) / sqrt(var + eps) * gamma + beta} with the batch's statistics, which
   * are written to {@code mean} and {@code var} (biased variance), {@code c} values each.
   */
  void forward(double[] mean, double[] var) {
    fwd.execute(stream, fwdArgs);
    stream._wait();
    read(this.mean, meanRead);
    read(variance, varianceRead);
    for (int ch = 0; ch < c; ch++) {
      mean[ch] = meanRead[ch];
      var[ch] = varianceRead[ch];
    }
  }

  /** From the gradient in {@code g}: the ReLU input's gradient in {@code g}, gamma's and beta's. */
  void backward() {
    bwd.execute(stream, bwdArgs);
    reluBwd.execute(stream, reluBwdArgs);
    stream._wait();
  }
}
