package dev.lrsweep.optim;

import dev.lrsweep.schedule.NdSchedule;
import dev.lrsweep.schedule.Schedule;
import java.util.SortedMap;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * SGD with momentum, Keras's {@code SGD(learning_rate, momentum, nesterov)}. With Nesterov (or
 * momentum 0) ND4J's {@code Nesterovs}/{@code Sgd} updaters apply it, their learning rate being the
 * schedule (through {@link NdSchedule}); ND4J has no classical-momentum updater, so that one is
 * written here: {@code v = momentum * v + lr * g}, the update is {@code v}.
 *
 * @param momentum momentum coefficient in [0, 1) (0.9 in the seed article)
 * @param nesterov whether the momentum is Nesterov's (true in the seed article)
 */
public record Sgd(double momentum, boolean nesterov) implements Optimizer {
  private static final long serialVersionUID = 1L;

  public Sgd {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new InvalidOptimizerException("sgd", "momentum", momentum, "must be in [0, 1)");
    }
  }

  /** The seed article's optimizer: SGD, momentum 0.9, Nesterov. */
  public static Sgd seedArticle() {
    return new Sgd(0.9, true);
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public SortedMap<String, Object> params() {
    SortedMap<String, Object> p = new TreeMap<>();
    p.put("momentum", momentum);
    p.put("nesterov", nesterov);
    return p;
  }

  @Override
  public Step start(Schedule schedule, INDArray params) {
    NdSchedule lr = new NdSchedule(schedule);
    INDArray state = params.ulike();
    if (nesterov || momentum == 0) {
      // ND4J's Nesterovs is Keras's nesterov=True update; with momentum 0 it is plain SGD.
      IUpdater config = momentum == 0 ? new org.nd4j.linalg.learning.config.Sgd(lr) : new Nesterovs(lr, momentum);
      GradientUpdater<?> updater = config.instantiate(momentum == 0 ? null : state.assign(0), true);
      return new NdStep(lr, momentum == 0 ? null : state) {
        @Override
        public void apply(INDArray gradient, int iteration, int epoch) {
          updater.applyUpdater(gradient, iteration, epoch);
        }
      };
    }
    state.assign(0);
    return new NdStep(lr, state) {
      @Override
      public void apply(INDArray gradient, int iteration, int epoch) {
        state.muli(momentum).addi(gradient.muli(lr.valueAt(iteration, epoch)));
        gradient.assign(state);
      }
    };
  }

  /** A step whose state (if any) is one native array of the parameters' layout. */
  private abstract static class NdStep implements Step {
    private final NdSchedule lr;
    private final INDArray state;

    NdStep(NdSchedule lr, INDArray state) {
      this.lr = lr;
      this.state = state;
    }

    @Override
    public double learningRate(int iteration, int epoch) {
      return lr.valueAt(iteration, epoch);
    }

    @Override
    public float[] saveState() {
      return state == null ? new float[0] : state.data().asFloat();
    }

    @Override
    public void restoreState(float[] saved) {
      long expected = state == null ? 0 : state.length();
      if (saved.length != expected) {
        throw new IllegalArgumentException("optimizer state of " + saved.length + " values given, this sgd"
            + " (momentum " + (state == null ? "0" : "> 0") + ") has " + expected);
      }
      if (state != null) {
        state.data().asNioFloat().put(0, saved, 0, saved.length);
      }
    }
  }
}
