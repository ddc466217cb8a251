package dev.lrsweep.optim;

import dev.lrsweep.schedule.Schedule;
import java.util.SortedMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled weight decay regularization", 2019) as Keras implements
 * it, {@code keras.optimizers.AdamW(learning_rate, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
 * epsilon=1e-7)}: each step first decays every parameter, {@code w = w - lr * weight_decay * w},
 * then applies the {@link Adam} update; the decay is decoupled from the gradient (it does not
 * pass through the moments) and follows the scheduled learning rate, as in Keras. Every
 * parameter is decayed, biases included (Keras's default, which excludes none).
 *
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param epsilon added to the root of the second moment, greater than 0
 * @param weightDecay decoupled decay per unit of learning rate, 0 or greater
 */
public record AdamW(double beta1, double beta2, double epsilon, double weightDecay) implements Optimizer {
  private static final long serialVersionUID = 1L;

  public AdamW {
    Adam.checkMoments("adamw", beta1, beta2, epsilon);
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new InvalidOptimizerException("adamw", "weight_decay", weightDecay, "must be a number 0 or greater");
    }
  }

  /** Keras's defaults: weight_decay 0.004, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
  public static AdamW keras() {
    return new AdamW(0.9, 0.999, 1e-7, 0.004);
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public SortedMap<String, Object> params() {
    SortedMap<String, Object> p = Adam.momentParams(beta1, beta2, epsilon);
    p.put("weight_decay", weightDecay);
    return p;
  }

  @Override
  public Step start(Schedule schedule, INDArray params) {
    return new AdamStep(schedule, params, beta1, beta2, epsilon, weightDecay);
  }
}
