package dev.lrsweep.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment of m p-values for testing them together (family-wise error rate at
 * most alpha, with no assumption about how the tests depend on each other): with the p-values
 * sorted ascending, {@code p'_(i) = max over j <= i of min(1, (m - j + 1) * p_(j))}.
 */
public final class Holm {
  private Holm() {}

  /**
   * The adjusted p-values, in the input's order. NaN entries (comparisons that could not be
   * tested) stay NaN and do not count in m.
   */
  public static double[] adjust(double[] p) {
    double[] out = new double[p.length];
    Arrays.fill(out, Double.NaN);
    Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
        .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
    int m = order.length;
    double running = 0;
    for (int j = 0; j < m; j++) {
      double adjusted = Math.min(1, (m - j) * p[order[j]]);
      running = Math.max(running, adjusted);
      out[order[j]] = running;
    }
    return out;
  }
}
