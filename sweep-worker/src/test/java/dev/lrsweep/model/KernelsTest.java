package dev.lrsweep.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The kernels both networks share ({@link MiniVgg} and {@link MnistCnn}), pinned to values worked
 * out by hand here, to the bit where they are floating point.
 */
class KernelsTest {
  @Test
  void scoreProbabilitiesTakesTheFirstArgmaxAndClampsTheLogAsKerasDoes() {
    float[] probs = {
      0.2f, 0.5f, 0.3f, // argmax 1, label 1: correct, -ln 0.5
      0.4f, 0.4f, 0.2f, // tie: the first maximum (0) wins, label 1: wrong, -ln 0.4
      0f, 0f, 1f, // label 0 has probability 0: clamped to 1e-7, -ln 1e-7
    };
    int[] predicted = new int[3];
    Model.Outcome o = Kernels.scoreProbabilities(probs, 3, 3, new int[] {1, 1, 0}, predicted);
    assertArrayEquals(new int[] {1, 0, 2}, predicted);
    assertEquals(1, o.correct());
    assertEquals(3, o.size());
    // Summed in row order, in double, from the float probabilities: the same bits.
    double expected = 0;
    expected -= Math.log((double) 0.5f);
    expected -= Math.log((double) 0.4f);
    expected -= Math.log(1e-7);
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(o.lossSum()));
    assertEquals(0.693147 + 0.916291 + 16.118096, o.lossSum(), 1e-5);

    Model.Outcome noPredictions = Kernels.scoreProbabilities(probs, 3, 3, new int[] {1, 1, 0}, null);
    assertEquals(o, noPredictions, "predicted may be null");
  }

  @Test
  void chwToHwcInterleavesTheChannelsOfEachImage() {
    // Two images of 2 channels x 3 pixels, CHW.
    float[] chw = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    float[] hwc = new float[12];
    Kernels.chwToHwc(chw, 2, 2, 3, hwc);
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, hwc);
  }
}
