package dev.lrsweep.model;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A parameter's place in a network's flat parameter (and gradient) array, and Keras's
 * initialisers for it. Shared by {@link MiniVgg} and {@link MnistCnn}.
 */
final class Slot {
  final long offset;
  final long[] shape;
  final long length;

  Slot(long offset, long... shape) {
    this.offset = offset;
    this.shape = shape;
    long len = 1;
    for (long d : shape) {
      len *= d;
    }
    this.length = len;
  }

  /** This slot of {@code flatArray} (the parameters or the gradients), shaped, row-major. */
  INDArray view(INDArray flatArray) {
    return Nd4j.create(flatArray.data(), shape, Buf.cStrides(shape), offset, 'c');
  }

  /**
   * Keras's glorot-uniform initialiser: uniform in +-sqrt(6 / (fanIn + fanOut)), one draw of
   * {@code rng} per weight in order, written into {@code paramBuf} at this slot.
   */
  void glorot(FloatBuffer paramBuf, long fanIn, long fanOut, SplittableRandom rng) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = new float[(int) length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
    }
    paramBuf.put((int) offset, w, 0, w.length);
  }

  /** Sets every value of this slot in {@code paramBuf} to {@code value}. */
  void fill(FloatBuffer paramBuf, float value) {
    float[] w = new float[(int) length];
    java.util.Arrays.fill(w, value);
    paramBuf.put((int) offset, w, 0, w.length);
  }
}
