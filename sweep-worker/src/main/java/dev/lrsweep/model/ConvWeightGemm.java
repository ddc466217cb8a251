package dev.lrsweep.model;

import static org.bytedeco.dnnl.global.dnnl.dnnl_sgemm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The weight and bias gradients of a 3x3, stride-1 convolution on NHWC buffers as oneDNN sgemm
 * calls over zero-padded copies of the input and of the output gradient, instead of oneDNN's
 * backward-weights primitive.
 *
 * <p>The trick: copy the input into a buffer with the padding written out ({@code P = side + 2
 * pad} pixels a side, zeros around), and the output gradient into a buffer of the same {@code P x
 * P} grid per image (valid outputs in the top-left {@code outSide x outSide}, zeros elsewhere).
 * Number the grid's pixels {@code r = (image * P + row) * P + column}. The output at {@code r}
 * reads the input pixel {@code r + kh * P + kw} through tap {@code (kh, kw)}, for every valid
 * output alike, so tap {@code (kh, kw)}'s weight gradient is one matrix product over pixel rows,
 * {@code gz[rows]^T (out x rows) times xPad[rows + kh * P + kw] (rows x in)}: the zero outputs of
 * the grid add nothing. Nine products per chunk of images (each reads the chunk's rows from the
 * cache the previous one filled), summed over chunks; the bias gradient is a tenth product with
 * a row of ones.
 *
 * <p>Why: oneDNN 2.5's AVX2 backward-weights kernel on NHWC runs MiniVGG's 32-channel layers at a
 * third of the machine's peak (about 40 ms for the 32 -> 32 layer at 32x32, batch 64, one thread,
 * twice its forward pass); by the products, copies included, the same gradient took 15-40% less
 * (docs/BENCHMARKS.md). The sums run in a different order than oneDNN's kernel, so the bits
 * differ from it; for a fixed thread count they are the same on every run.
 *
 * <p>Not thread-safe; one instance per layer and batch size, called from the network's thread.
 */
final class ConvWeightGemm extends DnnlBase {
  private final int in;
  private final int out;
  private final int grid;
  private final reorder padX;
  private final memory x;
  private final memory xView;
  private final reorder padGz;
  private final memory gz;
  private final memory gzView;
  /** Image ranges computed side by side, the first on the caller's thread. */
  private final Part[] parts;
  private final ExecutorService workers;
  private final float[] sum;
  private final float[] addend;

  /**
   * @param n batch size
   * @param in input channels
   * @param out output channels
   * @param side input height and width
   * @param pad padding on each side (1 SAME, 0 VALID)
   * @param imagesPerProduct images whose rows one product covers
   * @param threads how many threads share the products: the images are split into this many
   *     contiguous ranges, each computed with one-thread sgemm calls (on the caller's thread and
   *     {@code threads - 1} threads of this object's own), and the partial gradients summed in
   *     range order, so a fixed thread count gives fixed bits
   * @param xAt the input, {@code n x side x side x in}
   * @param gzAt the output gradient, {@code n x outSide x outSide x out}
   * @param gwAt the weight gradient, written as {@code [out, kH, kW, in]}
   * @param gbAt the bias gradient, {@code out} floats, written
   */
  ConvWeightGemm(int n, int in, int out, int side, int pad, int imagesPerProduct, int threads,
      long xAt, long gzAt, long gwAt, long gbAt) {
    this.in = in;
    this.out = out;
    this.grid = side + 2 * pad;
    int outSide = grid - 2;
    long pixels = (long) n * grid * grid;
    long xPad = zeros(pixels * in);
    long gzPad = zeros(pixels * out);
    // Strided views of the padded buffers' interiors, written by a reorder from the dense NHWC.
    x = over(nhwc(n, in, side, side), xAt);
    xView = over(own(new memory.desc(new long[] {n, in, side, side}, memory.data_type.f32,
        new long[] {(long) grid * grid * in, 1, (long) grid * in, in})),
        xPad + ((long) pad * grid + pad) * in * Float.BYTES);
    padX = own(new reorder(x, xView));
    gz = over(nhwc(n, out, outSide, outSide), gzAt);
    gzView = over(own(new memory.desc(new long[] {n, out, outSide, outSide}, memory.data_type.f32,
        new long[] {(long) grid * grid * out, 1, (long) grid * out, out})), gzPad);
    padGz = own(new reorder(gz, gzView));
    long lastRowOfImage = (long) (outSide - 1) * grid + outSide;
    long maxRows = (long) (imagesPerProduct - 1) * grid * grid + lastRowOfImage;
    long ones = allocate(f32(memory.format_tag.x, maxRows)).get_data_handle().address();
    FloatPointer o = new FloatPointer(pointer(ones));
    for (long i = 0; i < maxRows; i++) {
      o.put(i, 1f);
    }
    int count = Math.max(1, Math.min(threads, n));
    parts = new Part[count];
    for (int p = 0; p < count; p++) {
      int first = (int) ((long) n * p / count);
      int end = (int) ((long) n * (p + 1) / count);
      long gw = p == 0 ? gwAt : zeros(9L * in * out);
      long gb = p == 0 ? gbAt : zeros(out);
      parts[p] = new Part(first, end, imagesPerProduct, lastRowOfImage, xPad, gzPad, ones, gw, gb);
    }
    if (count > 1) {
      workers = Executors.newFixedThreadPool(count - 1, r -> {
        Thread t = new Thread(() -> {
          // Each range's sgemm calls run on one thread: this worker's OpenMP count is 1.
          NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
          r.run();
        }, "conv-weight-gradient");
        t.setDaemon(true);
        return t;
      });
      sum = new float[9 * in * out];
      addend = new float[9 * in * out];
    } else {
      workers = null;
      sum = null;
      addend = null;
    }
  }

  /** Writes the weight and bias gradients from the current input and output gradient. */
  void run() {
    padX.execute(stream, x, xView);
    padGz.execute(stream, gz, gzView);
    stream._wait();
    if (workers == null) {
      parts[0].run();
      return;
    }
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int callerThreads = ops.ompGetMaxThreads();
    List<Future<?>> pending = new ArrayList<>();
    for (int p = 1; p < parts.length; p++) {
      pending.add(workers.submit(parts[p]));
    }
    ops.setOmpNumThreads(1);
    try {
      parts[0].run();
    } finally {
      ops.setOmpNumThreads(callerThreads);
    }
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while computing a weight gradient", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("computing a weight gradient failed", e.getCause());
      }
    }
    addParts(parts[0].gw, 9 * in * out, p -> p.gw);
    addParts(parts[0].gb, out, p -> p.gb);
  }

  /** {@code total += part 1 + part 2 + ...}, in that order. */
  private void addParts(FloatPointer total, int len, Function<Part, FloatPointer> of) {
    total.position(0).get(sum, 0, len);
    for (int p = 1; p < parts.length; p++) {
      of.apply(parts[p]).position(0).get(addend, 0, len);
      for (int i = 0; i < len; i++) {
        sum[i] += addend[i];
      }
    }
    total.position(0).put(sum, 0, len);
  }

  @Override
  public void close() {
    if (workers != null) {
      workers.shutdownNow();
    }
    super.close();
  }

  /** The products over one contiguous range of images, into its own gradient buffers. */
  private final class Part implements Runnable {
    final int first;
    final int end;
    final int imagesPerProduct;
    final long lastRowOfImage;
    final FloatPointer xPad;
    final FloatPointer gzPad;
    final FloatPointer ones;
    final FloatPointer gw;
    final FloatPointer gb;

    Part(int first, int end, int imagesPerProduct, long lastRowOfImage, long xPad, long gzPad,
        long ones, long gw, long gb) {
      this.first = first;
      this.end = end;
      this.imagesPerProduct = imagesPerProduct;
      this.lastRowOfImage = lastRowOfImage;
      this.xPad = own(new FloatPointer(pointer(xPad)));
      this.gzPad = own(new FloatPointer(pointer(gzPad)));
      this.ones = own(new FloatPointer(pointer(ones)));
      this.gw = own(new FloatPointer(pointer(gw)));
      this.gb = own(new FloatPointer(pointer(gb)));
    }

    @Override
    public void run() {
      long imageRows = (long) grid * grid;
      for (int at = first; at < end; at += imagesPerProduct) {
        int images = Math.min(imagesPerProduct, end - at);
        long r0 = at * imageRows;
        long rows = (images - 1) * imageRows + lastRowOfImage;
        float beta = at == first ? 0f : 1f;
        gzPad.position(r0 * out);
        for (int kh = 0; kh < 3; kh++) {
          for (int kw = 0; kw < 3; kw++) {
            xPad.position((r0 + (long) kh * grid + kw) * in);
            gw.position((long) (kh * 3 + kw) * in);
            check(dnnl_sgemm((byte) 'T', (byte) 'N', out, in, rows, 1f, gzPad, out, xPad, in,
                beta, gw, 9L * in));
          }
        }
        ones.position(0);
        gb.position(0);
        check(dnnl_sgemm((byte) 'N', (byte) 'N', 1, out, rows, 1f, ones, rows, gzPad, out, beta,
            gb, out));
      }
    }
  }

  /** Native address of {@code floats} zeros this object owns. */
  private long zeros(long floats) {
    memory m = allocate(f32(memory.format_tag.x, floats));
    Pointer.memset(m.get_data_handle(), 0, floats * Float.BYTES);
    return m.get_data_handle().address();
  }

  private static void check(int status) {
    if (status != 0) {
      throw new IllegalStateException("dnnl_sgemm failed with status " + status);
    }
  }
}
