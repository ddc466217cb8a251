package dev.lrsweep.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the oneDNN wrappers ({@link DnnlConv}, {@link DnnlBatchNorm}, {@link DnnlPool}, {@link
 * DnnlMul}) share: a CPU engine and stream, the native objects they own (freed by {@link
 * #close()}), and oneDNN memory objects over the caller's NHWC float buffers, given by native
 * address.
 *
 * <p>Loading order: libnd4j (and its {@code libgomp}) first, so the presets' {@code libdnnl.so.3}
 * binds to that OpenMP runtime and the per-thread OpenMP count {@code train.NativeThreads} sets
 * governs every primitive ({@code DnnlConvTest} checks that one {@code libgomp} is mapped).
 *
 * <p>Not thread-safe: one instance per network and batch size, called from the network's thread.
 */
abstract class DnnlBase implements AutoCloseable {
  static {
    Nd4j.getExecutioner();
  }

  private final List<Pointer> owned = new ArrayList<>();
  final engine eng = own(new engine(engine.kind.cpu, 0));
  final stream stream = own(new stream(eng));

  /** An f32 memory descriptor of logical shape {@code [n, c, h, w]} stored channels-last. */
  final memory.desc nhwc(long n, long c, long h, long w) {
    return f32(memory.format_tag.nhwc, n, c, h, w);
  }

  /** An f32 memory descriptor of logical shape {@code dims} in layout {@code format}. */
  final memory.desc f32(memory.format_tag format, long... dims) {
    return own(new memory.desc(dims, memory.data_type.f32, format));
  }

  /** Dimensions (strides, paddings, ...) as oneDNN's API takes them. */
  final LongPointer dims(long... values) {
    return own(new LongPointer(values));
  }

  /** oneDNN memory over the caller's buffer at native address {@code at}. */
  final memory over(memory.desc d, long at) {
    return own(new memory(d, eng, pointer(at)));
  }

  /** oneDNN memory it allocates itself (freed with this object). */
  final memory allocate(memory.desc d) {
    return own(new memory(d, eng));
  }

  /** Copies the first {@code dst.length} floats of oneDNN memory {@code m} into {@code dst}. */
  static void read(memory m, float[] dst) {
    new FloatPointer(m.get_data_handle()).get(dst);
  }

  /** The native address of element {@code offset} of a float array that starts its buffer. */
  static long address(INDArray whole, long offset) {
    if (whole.offset() != 0 || whole.data().dataType().width() != Float.BYTES) {
      throw new IllegalArgumentException("a float array at the start of its buffer expected, found offset "
          + whole.offset() + " and type " + whole.data().dataType());
    }
    return whole.data().addressPointer().address() + offset * Float.BYTES;
  }

  static Pointer pointer(long at) {
    return new Pointer() {
      {
        address = at;
      }
    };
  }

  final <T extends Pointer> T own(T p) {
    owned.add(p);
    return p;
  }

  /** Frees the primitives, descriptors and memory objects (not the caller's buffers). */
  @Override
  public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
  }
}
