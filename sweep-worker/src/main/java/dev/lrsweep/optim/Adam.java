package dev.lrsweep.optim;

import dev.lrsweep.schedule.Schedule;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, 2015) as Keras implements it, {@code keras.optimizers.Adam(learning_rate,
 * beta_1=0.9, beta_2=0.999, epsilon=1e-7)}: at update {@code t} (1, 2, ...) with gradient
 * {@code g},
 *
 * <pre>
 *   m = m + (g - m) (1 - beta_1)          v = v + (g^2 - v) (1 - beta_2)
 *   alpha = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)
 *   update = alpha m / (sqrt(v) + epsilon)
 * </pre>
 *
 * the "epsilon hat" form of the paper's section 2, which Keras uses. The learning rate {@code lr}
 * is the trial's schedule at the step's counters.
 *
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param epsilon added to the root of the second moment, greater than 0
 */
public record Adam(double beta1, double beta2, double epsilon) implements Optimizer {
  private static final long serialVersionUID = 1L;

  public Adam {
    checkMoments("adam", beta1, beta2, epsilon);
  }

  /** Keras's defaults: beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
  public static Adam keras() {
    return new Adam(0.9, 0.999, 1e-7);
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public SortedMap<String, Object> params() {
    return momentParams(beta1, beta2, epsilon);
  }

  @Override
  public Step start(Schedule schedule, INDArray params) {
    return new AdamStep(schedule, params, beta1, beta2, epsilon, 0);
  }

  /** The parameters Adam and {@link AdamW} share, under Keras's names (a new, mutable map). */
  static SortedMap<String, Object> momentParams(double beta1, double beta2, double epsilon) {
    SortedMap<String, Object> p = new TreeMap<>();
    p.put("beta_1", beta1);
    p.put("beta_2", beta2);
    p.put("epsilon", epsilon);
    return p;
  }

  static void checkMoments(String name, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new InvalidOptimizerException(name, "beta_1", beta1, "must be in [0, 1)");
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new InvalidOptimizerException(name, "beta_2", beta2, "must be in [0, 1)");
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new InvalidOptimizerException(name, "epsilon", epsilon, "must be a number greater than 0");
    }
  }
}
