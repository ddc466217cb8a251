package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The direct oneDNN convolution against a naive double-precision convolution written from the
 * definition (NHWC input, {@code [out, kH, kW, in]} weights), forward and backward, SAME and
 * VALID; and that it shares libnd4j's OpenMP runtime instead of bringing a second one.
 */
class DnnlConvTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void sameConvolutionMatchesTheDefinitionForwardAndBackward() {
    check(3, 2, 5, 7, 1, true);
    check(3, 4, 3, 6, 1, false);
  }

  @Test
  void validConvolutionMatchesTheDefinitionForwardAndBackward() {
    check(2, 3, 4, 6, 0, true);
  }

  @Test
  void fusedReluAndAffineMatchTheDefinitionOnTheJitKernel() {
    int n = 2;
    int in = 3;
    int out = 5;
    int side = 6;
    SplittableRandom r = new SplittableRandom(9);
    try (Layer l = new Layer(n, in, out, side, 1, false, r)) {
      double[] scale = Layer.random(out, r);
      double[] shift = Layer.random(out, r);
      INDArray scaleArray = Layer.array(scale);
      INDArray shiftArray = Layer.array(shift);
      INDArray h = Nd4j.create(DataType.FLOAT, n * side * side * out);
      try (DnnlConv fused = DnnlConv.reluAffine(n, in, out, side, 1, new DnnlConv.Buffers(
          Layer.at(l.x), Layer.at(l.w), Layer.at(l.b), Layer.at(h), 0, 0, 0, 0),
          Layer.at(scaleArray), Layer.at(shiftArray))) {
        // A fallback to a reference kernel would be correct and many times slower.
        assertTrue(fused.implementation.startsWith("jit") || fused.implementation.startsWith("brg"),
            "a jit or brgemm kernel expected, found " + fused.implementation);
        fused.forward();
        l.conv.forward();
        float[] z = l.z.toFloatVector();
        double[] expected = new double[z.length];
        for (int i = 0; i < z.length; i++) {
          int c = i % out;
          expected[i] = Math.max(z[i], 0.0) * scale[c] + shift[c];
        }
        assertClose(expected, h, "relu(conv) * scale + shift");
        // The scale and shift are read at each call, so changed running statistics take effect.
        shiftArray.addi(1.0);
        fused.forward();
        for (int i = 0; i < z.length; i++) {
          expected[i] += 1.0;
        }
        assertClose(expected, h, "relu(conv) * scale + new shift");
      }
    }
  }

  @Test
  void sharesLibnd4jsOpenMpRuntime() throws IOException {
    try (Layer l = new Layer(1, 2, 2, 4, 1, true, new SplittableRandom(1))) {
      l.conv.forward();
    }
    List<String> gomp = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
      int slash = line.indexOf('/');
      if (slash >= 0 && line.substring(slash).contains("libgomp") && !gomp.contains(line.substring(slash))) {
        gomp.add(line.substring(slash));
      }
    }
    assertEquals(1, gomp.size(), "one OpenMP runtime expected in the process, found " + gomp);
    assertTrue(gomp.get(0).contains("nd4j"), "libnd4j's libgomp expected, found " + gomp.get(0));
  }

  private static void check(int n, int in, int out, int side, int pad, boolean dataGradient) {
    SplittableRandom r = new SplittableRandom(31L * in + out + side + pad);
    try (Layer l = new Layer(n, in, out, side, pad, dataGradient, r)) {
      l.conv.forward();
      int o = l.outSide;
      double[] z = new double[n * o * o * out];
      for (int i = 0; i < n; i++) {
        for (int y = 0; y < o; y++) {
          for (int x = 0; x < o; x++) {
            for (int c = 0; c < out; c++) {
              double s = l.bv[c];
              for (int kh = 0; kh < 3; kh++) {
                for (int kw = 0; kw < 3; kw++) {
                  int sy = y + kh - pad;
                  int sx = x + kw - pad;
                  if (sy < 0 || sy >= side || sx < 0 || sx >= side) {
                    continue;
                  }
                  for (int k = 0; k < in; k++) {
                    s += l.xv[((i * side + sy) * side + sx) * in + k] * l.wv[((c * 3 + kh) * 3 + kw) * in + k];
                  }
                }
              }
              z[((i * o + y) * o + x) * out + c] = s;
            }
          }
        }
      }
      assertClose(z, l.z, "forward");

      l.conv.backward();
      double[] gx = new double[l.xv.length];
      double[] gw = new double[l.wv.length];
      double[] gb = new double[out];
      for (int i = 0; i < n; i++) {
        for (int y = 0; y < o; y++) {
          for (int x = 0; x < o; x++) {
            for (int c = 0; c < out; c++) {
              double g = l.gzv[((i * o + y) * o + x) * out + c];
              gb[c] += g;
              for (int kh = 0; kh < 3; kh++) {
                for (int kw = 0; kw < 3; kw++) {
                  int sy = y + kh - pad;
                  int sx = x + kw - pad;
                  if (sy < 0 || sy >= side || sx < 0 || sx >= side) {
                    continue;
                  }
                  for (int k = 0; k < in; k++) {
                    int xi = ((i * side + sy) * side + sx) * in + k;
                    int wi = ((c * 3 + kh) * 3 + kw) * in + k;
                    gw[wi] += g * l.xv[xi];
                    gx[xi] += g * l.wv[wi];
                  }
                }
              }
            }
          }
        }
      }
      assertClose(gw, l.gw, "weight gradient");
      assertClose(gb, l.gb, "bias gradient");
      if (dataGradient) {
        assertClose(gx, l.gx, "input gradient");
      } else {
        assertEquals(0.0, l.gx.sumNumber().doubleValue(), "the input gradient must stay untouched");
      }
    }
  }

  private static void assertClose(double[] expected, INDArray actual, String what) {
    float[] a = actual.toFloatVector();
    assertEquals(expected.length, a.length, what + " length");
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], TOLERANCE * Math.max(1, Math.abs(expected[i])),
          what + " differs at element " + i);
    }
  }

  /** One layer's buffers, random input, weights, bias and output gradient, and its DnnlConv. */
  private static final class Layer implements AutoCloseable {
    final int outSide;
    final double[] xv;
    final double[] wv;
    final double[] bv;
    final double[] gzv;
    final INDArray x;
    final INDArray w;
    final INDArray b;
    final INDArray z;
    final INDArray gz;
    final INDArray gx;
    final INDArray gw;
    final INDArray gb;
    final DnnlConv conv;

    Layer(int n, int in, int out, int side, int pad, boolean dataGradient, SplittableRandom r) {
      outSide = side + 2 * pad - 2;
      xv = random(n * side * side * in, r);
      wv = random(out * 9 * in, r);
      bv = random(out, r);
      gzv = random(n * outSide * outSide * out, r);
      x = array(xv);
      w = array(wv);
      b = array(bv);
      gz = array(gzv);
      z = Nd4j.create(DataType.FLOAT, gzv.length);
      gx = Nd4j.create(DataType.FLOAT, xv.length);
      gw = Nd4j.create(DataType.FLOAT, wv.length);
      gb = Nd4j.create(DataType.FLOAT, out);
      conv = new DnnlConv(n, in, out, side, pad, true, dataGradient, new DnnlConv.Buffers(
          at(x), at(w), at(b), at(z), at(gz), dataGradient ? at(gx) : 0, at(gw), at(gb)));
    }

    static double[] random(int len, SplittableRandom r) {
      double[] v = new double[len];
      for (int i = 0; i < len; i++) {
        // Values exact in float, so the double reference sees what the engine sees.
        v[i] = (float) (r.nextDouble() * 2 - 1);
      }
      return v;
    }

    static INDArray array(double[] v) {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      return Nd4j.createFromArray(f);
    }

    static long at(INDArray a) {
      return DnnlConv.address(a, 0);
    }

    @Override
    public void close() {
      conv.close();
    }
  }
}
