package dev.lrsweep.halving;

import dev.lrsweep.config.HalvingConfig;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Who goes on after a rung. Of the n trials that entered it, the best {@link
 * HalvingConfig#survivors floor(n / factor), at least 1} go on, ranked by test accuracy after the
 * rung's epoch (higher first), ties to the lower test loss, then to the trial id so the decision
 * is a pure function of the results and a rerun decides the same. Only trials that finished the
 * rung (COMPLETED segments) can go on; diverged and failed ones have ended already and still count
 * in n, as in Jamieson and Talwalkar's successive halving, where the budget is set per rung.
 */
public final class Promotion {
  private Promotion() {}

  /**
   * The rung's verdict.
   *
   * @param survivors trials that go on, best first
   * @param stopped trials that finished the rung but do not go on, best first
   * @param entered how many trials entered the rung (n)
   * @param quota floor(n / factor), at least 1: the most that go on
   */
  public record Decision(List<TrialResult> survivors, List<TrialResult> stopped, int entered, int quota) {
    public Decision {
      survivors = List.copyOf(survivors);
      stopped = List.copyOf(stopped);
    }

    /** 1-based place of a stopped or surviving trial among those that finished the rung. */
    public int place(String trialId) {
      for (int i = 0; i < survivors.size(); i++) {
        if (survivors.get(i).trialId().equals(trialId)) {
          return i + 1;
        }
      }
      for (int i = 0; i < stopped.size(); i++) {
        if (stopped.get(i).trialId().equals(trialId)) {
          return survivors.size() + i + 1;
        }
      }
      throw new IllegalArgumentException("trial " + trialId + " did not finish this rung");
    }
  }

  /** The order of finished trials at a rung: accuracy down, loss up, id. */
  static final Comparator<TrialResult> ORDER = Comparator
      .comparingDouble((TrialResult r) -> -nanLow(r.finalAccuracy()))
      .thenComparingDouble(r -> nanHigh(r.finalLoss()))
      .thenComparing(TrialResult::trialId);

  /**
   * Decides rung {@code k}.
   *
   * @param entered how many trials entered the rung (finished, diverged and failed)
   * @param finished the results after the rung's epoch of those that finished it (COMPLETED)
   */
  public static Decision decide(HalvingConfig config, int entered, List<TrialResult> finished) {
    Objects.requireNonNull(finished, "finished");
    if (finished.size() > entered) {
      throw new IllegalArgumentException("more trials finished the rung (" + finished.size() + ") than entered it ("
          + entered + ")");
    }
    for (TrialResult r : finished) {
      if (r.status() != TrialStatus.COMPLETED) {
        throw new IllegalArgumentException("only COMPLETED rung results compete, found " + r.status() + " for "
            + r.trialId());
      }
    }
    List<TrialResult> sorted = new ArrayList<>(finished);
    sorted.sort(ORDER);
    int quota = config.survivors(entered);
    int go = Math.min(quota, sorted.size());
    return new Decision(sorted.subList(0, go), sorted.subList(go, sorted.size()), entered, quota);
  }

  private static double nanLow(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  private static double nanHigh(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }
}
