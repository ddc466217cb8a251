package dev.lrsweep.schedule;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Lets ND4J's updaters ({@code Sgd}, {@code Nesterovs}, ... and SameDiff training) apply one of
 * our schedules: {@code valueAt(iteration, epoch)} is {@link Schedule#lr(long, long)}. Both
 * counters are ND4J's, which start at 0, as ours do.
 *
 * <p>Immutable, so {@link #clone()} returns this instance. Java-serializable (the schedules are
 * records); it carries no Jackson type information, so configurations holding it are not meant
 * to be written as ND4J JSON.
 *
 * @param schedule the schedule to apply
 */
public record NdSchedule(Schedule schedule) implements ISchedule {
  private static final long serialVersionUID = 1L;

  public NdSchedule {
    Objects.requireNonNull(schedule, "schedule");
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    return schedule.lr(iteration, epoch);
  }

  @Override
  public ISchedule clone() {
    return this;
  }

  @Override
  public String toString() {
    return "NdSchedule[" + schedule.label() + "]";
  }
}
