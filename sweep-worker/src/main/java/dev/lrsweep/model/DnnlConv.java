package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.LongPointer;

/**
 * One 3x3, stride-1 convolution for one batch size, called on oneDNN directly (JavaCPP's {@code
 * org.bytedeco:dnnl} presets) with its primitives built once and reused every step, instead of
 * libnd4j's {@code conv2d}/{@code conv2d_bp} ops. Activations and their gradients stay in the
 * caller's NHWC buffers (oneDNN's AVX2 kernels run NHWC directly, so no reorder of activations);
 * weights stay {@code [out, kH, kW, in]} in the flat parameter and gradient arrays and are
 * reordered into the primitives' blocked layouts (and the weight gradient back) on each call,
 * a few kilobytes.
 *
 * <p>Why: libnd4j creates the primitives and reorders on every call, and reorders every
 * activation between NHWC and oneDNN's blocked {@code nChw8c} into freshly allocated memory.
 * Measured on the AVX2 machine (docs/BENCHMARKS.md): the same kernels called this way give the
 * same bits as libnd4j's ops, most calls are faster (up to 2-3x per layer at one thread), and
 * MiniVGG's training step ran 15-20% faster end to end.
 *
 * <p>Safe beside libnd4j: libnd4j links its own oneDNN (2.3) statically with hidden symbols, and
 * this loads the presets' {@code libdnnl.so.3} (3.8.1) separately; both run on the one OpenMP
 * runtime libnd4j loads first ({@link DnnlBase} initialises ND4J before oneDNN), so the per-thread
 * OpenMP count that {@code train.NativeThreads} sets applies to these primitives too
 * ({@code DnnlConvTest} checks that only one {@code libgomp} is mapped).
 *
 * <p>Not thread-safe: one instance per network, called from the network's thread. {@link
 * #close()} frees the primitives; the buffers belong to the caller and must outlive this.
 */
final class DnnlConv extends DnnlBase {
  /** oneDNN's name for the forward kernel it chose, e.g. {@code jit:avx2}. */
  final String implementation;
  private final memory userW;
  private final memory fwdW;
  private final reorder toFwdW;
  private final primitive fwd;
  private final IntMemoryMap fwdArgs = own(new IntMemoryMap());
  private final primitive bwdData;
  private final memory bwdDataW;
  private final reorder toBwdDataW;
  private final IntMemoryMap bwdDataArgs;
  private final primitive bwdWeights;
  private final memory bwdGradW;
  private final memory userGradW;
  private final reorder fromBwdGradW;
  private final IntMemoryMap bwdWeightsArgs;

  /** The buffers of one layer: native addresses (see {@link #address}) of float arrays. */
  record Buffers(long x, long w, long b, long z, long gz, long gx, long gw, long gb) {}

  /**
   * @param n batch size
   * @param in input channels
   * @param out output channels
   * @param side input height and width
   * @param pad padding on each side: 1 for SAME, 0 for VALID
   * @param training whether {@link #backward()} is wanted (else forward-only; the forward
   *     primitive is the training one either way, so inference and training give the same bits)
   * @param dataGradient whether the backward pass computes the input gradient ({@code gx})
   */
  DnnlConv(int n, int in, int out, int side, int pad, boolean training, boolean dataGradient,
      Buffers buf) {
    this(n, in, out, side, pad, training, dataGradient, buf, false, 0, 0);
  }

  /**
   * A training convolution whose forward pass writes {@code relu(conv(x, w) + b)} to {@code z}
   * (ReLU as a oneDNN post-op, while the output is still in registers). Its {@link #backward()}
   * is the convolution's alone: {@code gz} must already be the gradient with respect to the
   * convolution's output, i.e. masked by {@code z > 0} ({@link DnnlBatchNorm} does that).
   */
  static DnnlConv withRelu(int n, int in, int out, int side, int pad, boolean dataGradient,
      Buffers buf) {
    return new DnnlConv(n, in, out, side, pad, true, dataGradient, buf, true, 0, 0);
  }

  /**
   * A forward-only convolution whose output is {@code relu(conv(x, w) + b) * scale + shift} per
   * output channel, ReLU and the affine map computed by oneDNN as post-ops while the output is
   * still in registers: an inference-mode ReLU + BatchNorm without a pass of its own. {@code
   * scale} and {@code shift} are the native addresses of {@code out} floats each, read at every
   * {@link #forward()}.
   */
  static DnnlConv reluAffine(int n, int in, int out, int side, int pad, Buffers buf, long scale,
      long shift) {
    return new DnnlConv(n, in, out, side, pad, false, false, buf, true, scale, shift);
  }

  private DnnlConv(int n, int in, int out, int side, int pad, boolean training,
      boolean dataGradient, Buffers buf, boolean relu, long scale, long shift) {
    int outSide = side + 2 * pad - 2;
    memory.desc xd = nhwc(n, in, side, side);
    memory.desc zd = nhwc(n, out, outSide, outSide);
    memory.desc wd = f32(memory.format_tag.ohwi, out, in, 3, 3);
    memory.desc wAny = f32(memory.format_tag.any, out, in, 3, 3);
    memory.desc bd = f32(memory.format_tag.x, out);

    LongPointer strides = dims(1, 1);
    LongPointer padding = dims(pad, pad);
    memory.desc perChannel = nhwc(1, out, 1, 1);
    convolution_forward.primitive_desc fpd;
    if (relu) {
      post_ops ops = own(new post_ops());
      ops.append_eltwise(algorithm.eltwise_relu, 0f, 0f);
      if (scale != 0) {
        ops.append_binary(algorithm.binary_mul, perChannel);
        ops.append_binary(algorithm.binary_add, perChannel);
      }
      primitive_attr attr = own(new primitive_attr());
      attr.set_post_ops(ops);
      fpd = own(new convolution_forward.primitive_desc(eng, prop_kind.forward_training,
          algorithm.convolution_direct, xd, wAny, bd, zd, strides, padding, padding, attr, false));
    } else {
      fpd = own(new convolution_forward.primitive_desc(eng, prop_kind.forward_training,
          algorithm.convolution_direct, xd, wAny, bd, zd, strides, padding, padding));
    }
    implementation = fpd.impl_info_str().getString();
    fwd = own(new convolution_forward(fpd));
    userW = over(wd, buf.w());
    fwdW = allocate(fpd.weights_desc());
    toFwdW = own(new reorder(userW, fwdW));
    memory x = over(xd, buf.x());
    fwdArgs.put(DNNL_ARG_SRC, x);
    fwdArgs.put(DNNL_ARG_WEIGHTS, fwdW);
    fwdArgs.put(DNNL_ARG_BIAS, over(bd, buf.b()));
    fwdArgs.put(DNNL_ARG_DST, over(zd, buf.z()));
    if (scale != 0) {
      // Post-op i's second input is argument DNNL_ARG_ATTR_MULTIPLE_POST_OP(i) | DNNL_ARG_SRC_1.
      fwdArgs.put(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * 2 | DNNL_ARG_SRC_1,
          over(perChannel, scale));
      fwdArgs.put(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * 3 | DNNL_ARG_SRC_1,
          over(perChannel, shift));
    }

    if (!training) {
      bwdData = null;
      bwdDataW = null;
      toBwdDataW = null;
      bwdDataArgs = null;
      bwdWeights = null;
      bwdGradW = null;
      userGradW = null;
      fromBwdGradW = null;
      bwdWeightsArgs = null;
      return;
    }
    memory gz = over(zd, buf.gz());
    if (dataGradient) {
      convolution_backward_data.primitive_desc dpd = own(
          new convolution_backward_data.primitive_desc(eng, algorithm.convolution_direct, xd, wAny,
              zd, strides, padding, padding, fpd));
      bwdData = own(new convolution_backward_data(dpd));
      bwdDataW = allocate(dpd.weights_desc());
      toBwdDataW = own(new reorder(userW, bwdDataW));
      bwdDataArgs = own(new IntMemoryMap());
      bwdDataArgs.put(DNNL_ARG_DIFF_DST, gz);
      bwdDataArgs.put(DNNL_ARG_WEIGHTS, bwdDataW);
      bwdDataArgs.put(DNNL_ARG_DIFF_SRC, over(xd, buf.gx()));
    } else {
      bwdData = null;
      bwdDataW = null;
      toBwdDataW = null;
      bwdDataArgs = null;
    }
    convolution_backward_weights.primitive_desc wpd = own(
        new convolution_backward_weights.primitive_desc(eng, algorithm.convolution_direct, xd,
            wAny, bd, zd, strides, padding, padding, fpd));
    bwdWeights = own(new convolution_backward_weights(wpd));
    bwdGradW = allocate(wpd.diff_weights_desc());
    userGradW = over(wd, buf.gw());
    fromBwdGradW = own(new reorder(bwdGradW, userGradW));
    bwdWeightsArgs = own(new IntMemoryMap());
    bwdWeightsArgs.put(DNNL_ARG_SRC, x);
    bwdWeightsArgs.put(DNNL_ARG_DIFF_DST, gz);
    bwdWeightsArgs.put(DNNL_ARG_DIFF_WEIGHTS, bwdGradW);
    bwdWeightsArgs.put(DNNL_ARG_DIFF_BIAS, over(bd, buf.gb()));
  }

  /** {@code z = conv(x, w) + b} with the current weights. */
  void forward() {
    toFwdW.execute(stream, userW, fwdW);
    fwd.execute(stream, fwdArgs);
    stream._wait();
  }

  /**
   * From {@code gz} (the gradient with respect to {@code z}): {@code gw}, {@code gb} and, if this
   * layer was built with the data gradient, {@code gx}; {@code x} must still hold the forward
   * pass's input.
   */
  void backward() {
    if (bwdData != null) {
      toBwdDataW.execute(stream, userW, bwdDataW);
      bwdData.execute(stream, bwdDataArgs);
    }
    bwdWeights.execute(stream, bwdWeightsArgs);
    fromBwdGradW.execute(stream, bwdGradW, userGradW);
    stream._wait();
  }
}
