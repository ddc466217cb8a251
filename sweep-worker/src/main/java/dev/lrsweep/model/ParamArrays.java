package dev.lrsweep.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network's trainable parameters and their gradients: two flat {@code [1, P]} float arrays of
 * the same layout (so one optimizer step updates every parameter), with NIO views of their native
 * memory for copies of one {@link Slot} to and from the heap. Shared by {@link MiniVgg} and {@link
 * MnistCnn}; closed by the network's {@link Plans#close}.
 */
final class ParamArrays {
  final INDArray params;
  final INDArray grads;
  final FloatBuffer paramBuf;
  final FloatBuffer gradBuf;

  ParamArrays(long length) {
    params = Nd4j.create(DataType.FLOAT, 1, length);
    grads = Nd4j.create(DataType.FLOAT, 1, length);
    paramBuf = params.data().asNioFloat();
    gradBuf = grads.data().asNioFloat();
  }

  /** Copies the parameters of {@code slot} into {@code dst}. */
  void read(Slot slot, float[] dst) {
    paramBuf.get((int) slot.offset, dst, 0, (int) slot.length);
  }

  /** Copies {@code src} into the gradients of {@code slot}. */
  void writeGrad(Slot slot, float[] src) {
    gradBuf.put((int) slot.offset, src, 0, (int) slot.length);
  }
}
