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

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
 * this loads the presets' {@code libdnnl.so.2} (2.5.2) separately; both run on the one OpenMP
 * runtime libnd4j loads first (this class initialises ND4J before oneDNN), so the per-thread
 * OpenMP count that {@code train.NativeThreads} sets applies to these primitives too
 * ({@code DnnlConvTest} checks that only one {@code libgomp} is mapped).
 *
 * <p>Not thread-safe: one instance per network, called from the network's thread. {@link
 * #close()} frees the primitives; the buffers belong to the caller and must outlive this.
 */
final class DnnlConv implements AutoCloseable {
  static {
    // libnd4j (and its libgomp) first: the presets' libdnnl.so.2 then binds to that OpenMP runtime.
    Nd4j.getExecutioner();
  }

  private static final long[] ONE = {1, 1};

  private final List<Pointer> owned = new ArrayList<>();
  /** oneDNN's name for the forward kernel it chose, e.g. {@code jit:avx2}. */
  final String implementation;
  private final stream stream;
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
    this(n, in, out, side, pad, training, dataGradient, buf, 0, 0);
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
    return new DnnlConv(n, in, out, side, pad, false, false, buf, scale, shift);
  }

  private DnnlConv(int n, int in, int out, int side, int pad, boolean training,
      boolean dataGradient, Buffers buf, long scale, long shift) {
    int outSide = side + 2 * pad - 2;
    long[] pads = {pad, pad};
    engine eng = own(new engine(engine.kind.cpu, 0));
    stream = own(new stream(eng));
    memory.desc xd = own(new memory.desc(new long[] {n, in, side, side}, memory.data_type.f32,
        memory.format_tag.nhwc));
    memory.desc zd = own(new memory.desc(new long[] {n, out, outSide, outSide},
        memory.data_type.f32, memory.format_tag.nhwc));
    memory.desc wd = own(new memory.desc(new long[] {out, in, 3, 3}, memory.data_type.f32,
        memory.format_tag.ohwi));
    memory.desc wAny = own(new memory.desc(new long[] {out, in, 3, 3}, memory.data_type.f32,
        memory.format_tag.any));
    memory.desc bd = own(new memory.desc(new long[] {out}, memory.data_type.f32,
        memory.format_tag.x));

    convolution_forward.desc fd = own(new convolution_forward.desc(prop_kind.forward_training,
        algorithm.convolution_direct, xd, wAny, bd, zd, ONE, pads, pads));
    memory.desc perChannel = own(new memory.desc(new long[] {1, out, 1, 1}, memory.data_type.f32,
        memory.format_tag.nhwc));
    convolution_forward.primitive_desc fpd;
    if (scale != 0) {
      post_ops ops = own(new post_ops());
      ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
      ops.append_binary(algorithm.binary_mul, perChannel);
      ops.append_binary(algorithm.binary_add, perChannel);
      primitive_attr attr = own(new primitive_attr());
      attr.set_post_ops(ops);
      fpd = own(new convolution_forward.primitive_desc(fd, attr, eng));
    } else {
      fpd = own(new convolution_forward.primitive_desc(fd, eng));
    }
    implementation = fpd.impl_info_str().getString();
    fwd = own(new convolution_forward(fpd));
    userW = own(new memory(wd, eng, pointer(buf.w())));
    fwdW = own(new memory(fpd.weights_desc(), eng));
    toFwdW = own(new reorder(userW, fwdW));
    memory x = own(new memory(xd, eng, pointer(buf.x())));
    fwdArgs.put(DNNL_ARG_SRC, x);
    fwdArgs.put(DNNL_ARG_WEIGHTS, fwdW);
    fwdArgs.put(DNNL_ARG_BIAS, own(new memory(bd, eng, pointer(buf.b()))));
    fwdArgs.put(DNNL_ARG_DST, own(new memory(zd, eng, pointer(buf.z()))));
    if (scale != 0) {
      // Post-op i's second input is argument DNNL_ARG_ATTR_MULTIPLE_POST_OP(i) | DNNL_ARG_SRC_1.
      fwdArgs.put(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * 2 | DNNL_ARG_SRC_1,
          own(new memory(perChannel, eng, pointer(scale))));
      fwdArgs.put(DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * 3 | DNNL_ARG_SRC_1,
          own(new memory(perChannel, eng, pointer(shift))));
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
    memory gz = own(new memory(zd, eng, pointer(buf.gz())));
    if (dataGradient) {
      convolution_backward_data.primitive_desc dpd = own(
          new convolution_backward_data.primitive_desc(own(new convolution_backward_data.desc(
              algorithm.convolution_direct, xd, wAny, zd, ONE, pads, pads)), eng, fpd));
      bwdData = own(new convolution_backward_data(dpd));
      bwdDataW = own(new memory(dpd.weights_desc(), eng));
      toBwdDataW = own(new reorder(userW, bwdDataW));
      bwdDataArgs = own(new IntMemoryMap());
      bwdDataArgs.put(DNNL_ARG_DIFF_DST, gz);
      bwdDataArgs.put(DNNL_ARG_WEIGHTS, bwdDataW);
      bwdDataArgs.put(DNNL_ARG_DIFF_SRC, own(new memory(xd, eng, pointer(buf.gx()))));
    } else {
      bwdData = null;
      bwdDataW = null;
      toBwdDataW = null;
      bwdDataArgs = null;
    }
    convolution_backward_weights.primitive_desc wpd = own(
        new convolution_backward_weights.primitive_desc(own(new convolution_backward_weights.desc(
            algorithm.convolution_direct, xd, wAny, bd, zd, ONE, pads, pads)), eng, fpd));
    bwdWeights = own(new convolution_backward_weights(wpd));
    bwdGradW = own(new memory(wpd.diff_weights_desc(), eng));
    userGradW = own(new memory(wd, eng, pointer(buf.gw())));
    fromBwdGradW = own(new reorder(bwdGradW, userGradW));
    bwdWeightsArgs = own(new IntMemoryMap());
    bwdWeightsArgs.put(DNNL_ARG_SRC, x);
    bwdWeightsArgs.put(DNNL_ARG_DIFF_DST, gz);
    bwdWeightsArgs.put(DNNL_ARG_DIFF_WEIGHTS, bwdGradW);
    bwdWeightsArgs.put(DNNL_ARG_DIFF_BIAS, own(new memory(bd, eng, pointer(buf.gb()))));
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

  /** The native address of element {@code offset} of a float array that starts its buffer. */
  static long address(INDArray whole, long offset) {
    if (whole.offset() != 0 || whole.data().dataType().width() != Float.BYTES) {
      throw new IllegalArgumentException("a float array at the start of its buffer expected, found offset "
          + whole.offset() + " and type " + whole.data().dataType());
    }
    return whole.data().addressPointer().address() + offset * Float.BYTES;
  }

  private static Pointer pointer(long at) {
    return new Pointer() {
      {
        address = at;
      }
    };
  }

  private <T extends Pointer> T own(T p) {
    owned.add(p);
    return p;
  }

  /** Frees the primitives, memory descriptors and oneDNN memory objects (not the caller's buffers). */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }
}
