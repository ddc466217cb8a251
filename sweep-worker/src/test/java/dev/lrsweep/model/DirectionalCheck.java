package dev.lrsweep.model;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The gradient check both networks' tests use: for one parameter block, the engine's analytic
 * directional derivative along a random direction against a central finite difference of an
 * independent double-precision reference loss.
 */
final class DirectionalCheck {
  private DirectionalCheck() {}

  /** {@link #block(String, ToDoubleFunction, double[], float[], int, int, SplittableRandom, double)} at relative 2e-3. */
  static String block(String name, ToDoubleFunction<double[]> loss, double[] theta, float[] grad, int off, int len,
      SplittableRandom r) {
    return block(name, loss, theta, grad, off, len, r, 2e-3);
  }

  /**
   * Checks the block {@code [off, off + len)} of {@code grad} (the engine's gradient at {@code
   * theta}) against {@code loss} (the reference's loss as a function of all parameters).
   *
   * @return empty when they agree (relative {@code tolerance} plus absolute 2e-5), else a line
   *     naming the block with both values
   */
  static String block(String name, ToDoubleFunction<double[]> loss, double[] theta, float[] grad, int off, int len,
      SplittableRandom r, double tolerance) {
    double[] dir = new double[len];
    double analytic = 0;
    double norm = 0;
    for (int i = 0; i < len; i++) {
      dir[i] = r.nextDouble() * 2 - 1;
      analytic += dir[i] * grad[off + i];
      norm += dir[i] * dir[i];
    }
    double eps = 1e-6 / Math.sqrt(norm);
    double[] plus = theta.clone();
    double[] minus = theta.clone();
    for (int i = 0; i < len; i++) {
      plus[off + i] += eps * dir[i];
      minus[off + i] -= eps * dir[i];
    }
    double numeric = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * eps);
    double scale = Math.max(Math.abs(numeric), Math.abs(analytic));
    if (!(scale > 1e-7) || Math.abs(numeric - analytic) > tolerance * scale + 2e-5) {
      return name + ": analytic " + analytic + ", finite difference " + numeric + "\n";
    }
    return "";
  }
}
