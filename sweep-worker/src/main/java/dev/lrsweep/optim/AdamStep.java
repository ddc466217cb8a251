package dev.lrsweep.optim;

import dev.lrsweep.schedule.Schedule;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The step function of {@link Adam} and {@link AdamW}: one pass over the flat gradient (and, for
 * weight decay, the parameters) on the heap, the moments kept as float arrays like Keras's
 * float32 slots, each element's arithmetic in double. The update count {@code t} is the trainer's
 * iteration + 1 (Keras: {@code optimizer.iterations + 1}), so a trial resumed from a checkpoint
 * needs only the moments: the state is {@code m} followed by {@code v}.
 */
final class AdamStep implements Optimizer.Step {
  private final Schedule schedule;
  private final FloatBuffer paramBuf;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final float[] m;
  private final float[] v;
  private final float[] g;
  private final float[] w;

  AdamStep(Schedule schedule, INDArray params, double beta1, double beta2, double epsilon, double weightDecay) {
    this.schedule = schedule;
    this.paramBuf = params.data().asNioFloat();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    int n = Math.toIntExact(params.length());
    this.m = new float[n];
    this.v = new float[n];
    this.g = new float[n];
    this.w = weightDecay == 0 ? null : new float[n];
  }

  @Override
  public void apply(INDArray gradient, int iteration, int epoch) {
    double lr = learningRate(iteration, epoch);
    long t = iteration + 1L;
    double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    double decay = lr * weightDecay;
    FloatBuffer gradBuf = gradient.data().asNioFloat();
    gradBuf.get(0, g, 0, g.length);
    if (w != null) {
      paramBuf.get(0, w, 0, w.length);
    }
    double keep1 = 1 - beta1;
    double keep2 = 1 - beta2;
    for (int i = 0; i < g.length; i++) {
      double gi = g[i];
      double mi = m[i] + (gi - m[i]) * keep1;
      double vi = v[i] + (gi * gi - v[i]) * keep2;
      m[i] = (float) mi;
      v[i] = (float) vi;
      double update = alpha * m[i] / (Math.sqrt(v[i]) + epsilon);
      if (w != null) {
        update += decay * w[i];
      }
      g[i] = (float) update;
    }
    gradBuf.put(0, g, 0, g.length);
  }

  @Override
  public double learningRate(int iteration, int epoch) {
    return schedule.lr(iteration, epoch);
  }

  @Override
  public float[] saveState() {
    float[] state = new float[2 * m.length];
    System.arraycopy(m, 0, state, 0, m.length);
    System.arraycopy(v, 0, state, m.length, v.length);
    return state;
  }

  @Override
  public void restoreState(float[] state) {
    if (state.length != 2 * m.length) {
      throw new IllegalArgumentException("optimizer state of " + state.length + " values given, Adam over "
          + m.length + " parameters has " + 2 * m.length + " (first and second moments)");
    }
    System.arraycopy(state, 0, m, 0, m.length);
    System.arraycopy(state, m.length, v, 0, v.length);
  }
}
