package dev.lrsweep.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A native float buffer for {@code maxBatch} items of one shape, allocated once, with views for
 * smaller batches and bulk copies to and from the heap (where {@link Kernels} works). Shared by
 * {@link MiniVgg} and {@link MnistCnn}; {@code full} is closed by the network that owns it.
 */
final class Buf {
  final long[] itemShape;
  final int perItem;
  final INDArray full;
  final FloatBuffer nio;

  Buf(int maxBatch, long... itemShape) {
    this.itemShape = itemShape;
    int per = 1;
    for (long d : itemShape) {
      per *= (int) d;
    }
    this.perItem = per;
    this.full = Nd4j.create(DataType.FLOAT, (long) maxBatch * per);
    this.nio = full.data().asNioFloat();
  }

  /** The first {@code n} items, shaped {@code [n, itemShape...]}. */
  INDArray view(int n) {
    long[] shape = new long[itemShape.length + 1];
    shape[0] = n;
    System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
    return viewAs(shape);
  }

  INDArray viewAs(long... shape) {
    return Nd4j.create(full.data(), shape, cStrides(shape), 0, 'c');
  }

  void read(float[] dst, int len) {
    nio.get(0, dst, 0, len);
  }

  void write(float[] src, int len) {
    nio.put(0, src, 0, len);
  }

  /**
   * Softmax probabilities of the first {@code n} rows of {@code classes} logits in this buffer,
   * {@code bias} added to each row first: a network's output layer in inference, in a new array.
   */
  float[] softmax(int n, int classes, float[] bias) {
    float[] logits = new float[n * classes];
    read(logits, n * classes);
    Kernels.addBias(logits, n, classes, bias);
    Kernels.softmaxCrossEntropy(logits, n, classes, null, null, null);
    return logits;
  }

  /** Row-major ('c') strides of {@code shape}, in elements. */
  static long[] cStrides(long[] shape) {
    long[] strides = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    return strides;
  }
}
