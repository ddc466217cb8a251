package dev.lrsweep.spark;

import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The console progress of a sweep: one line per finished trial and a periodic status line. Pure: it
 * is told results, the clock and the number of running tasks, and returns text; {@link
 * SparkTrialRunner} feeds it from Spark and prints. Thread-safe, because status lines come from a
 * timer thread while results arrive on the caller's.
 *
 * <p>Time left is {@code remaining * meanSeconds / max(1, running)}: the mean wall time of the
 * trials finished so far, spread over the tasks running now. It ignores how far the running trials
 * already are, so it leans towards too long, and it is unknown until a trial finishes.
 */
public final class SweepProgress {
  private final int total;
  private final TrialLabels labels;
  private final long startNanos;

  private int done;
  private int failed;
  private int diverged;
  private double secondsSum;
  private TrialResult best;

  /**
   * @param total trials in this run
   * @param labels progress labels by trial id
   * @param startNanos {@link System#nanoTime()} when the run started
   */
  public SweepProgress(int total, TrialLabels labels, long startNanos) {
    if (total < 0) {
      throw new IllegalArgumentException("total trials must be 0 or greater, found " + total);
    }
    this.total = total;
    this.labels = Objects.requireNonNull(labels, "labels");
    this.startNanos = startNanos;
  }

  /**
   * Records a finished trial and returns its line, e.g. {@code trial 7/24
   * step(factor=0.5,drop_every=5,lr0=0.01) acc=0.781 in 1m35s (best so far)}, {@code ... FAILED:
   * message} or {@code ... DIVERGED at epoch 3 in 12s}. Epochs are counted from 1 here, as the user
   * counts them.
   */
  public synchronized String finished(TrialResult result) {
    done++;
    secondsSum += result.seconds();
    String head = "trial " + done + "/" + total + " " + labelOf(result.trialId()) + " ";
    switch (result.status()) {
      case FAILED:
        failed++;
        return head + "FAILED: " + firstLine(result.message());
      case DIVERGED:
        diverged++;
        String where =
            result.epochsRun() == 0
                ? "before the first epoch ended"
                : "at epoch " + result.epochsRun();
        String why = result.message().isEmpty() ? "" : " (" + firstLine(result.message()) + ")";
        return head + "DIVERGED " + where + " in " + duration(result.seconds()) + why;
      case COMPLETED:
      default:
        boolean isBest = isBetter(result);
        if (isBest) {
          best = result;
        }
        String acc = "acc=" + accuracy(result.finalAccuracy());
        return head + acc + " in " + duration(result.seconds()) + (isBest ? " (best so far)" : "");
    }
  }

  /**
   * The periodic status line, e.g. {@code status: 7/24 done (1 failed, 1 diverged), 2 running,
   * elapsed 5m12s, about 12m40s left, best acc=0.781 step(...)}.
   *
   * @param nowNanos {@link System#nanoTime()} now
   * @param running tasks running now (from Spark's status tracker)
   */
  public synchronized String status(long nowNanos, int running) {
    double elapsed = (nowNanos - startNanos) / 1e9;
    OptionalDouble left =
        done == 0 ? OptionalDouble.empty() : secondsLeft(total - done, running, secondsSum / done);
    String leftText =
        left.isPresent() ? "about " + duration(left.getAsDouble()) + " left" : "time left unknown";
    String bestText =
        best == null
            ? "no completed trial yet"
            : "best acc=" + accuracy(best.finalAccuracy()) + " " + labelOf(best.trialId());
    return String.format(
        Locale.ROOT,
        "status: %d/%d done (%d failed, %d diverged), %d running, elapsed %s, %s, %s",
        done,
        total,
        failed,
        diverged,
        running,
        duration(elapsed),
        leftText,
        bestText);
  }

  /** Trials finished so far, in any status. */
  public synchronized int done() {
    return done;
  }

  /** The completed trial with the highest final accuracy so far. */
  public synchronized Optional<TrialResult> best() {
    return Optional.ofNullable(best);
  }

  /**
   * Seconds until {@code remaining} trials of {@code meanSeconds} each finish on {@code running}
   * concurrent tasks (at least one); empty when the mean is not a finite non-negative number.
   */
  static OptionalDouble secondsLeft(int remaining, int running, double meanSeconds) {
    if (!(meanSeconds >= 0) || Double.isInfinite(meanSeconds)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, remaining) * meanSeconds / Math.max(1, running));
  }

  /** Rounded to whole seconds: {@code 42s}, {@code 5m07s}, {@code 1h02m}. */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  private boolean isBetter(TrialResult result) {
    double acc = result.finalAccuracy();
    return result.status() == TrialStatus.COMPLETED
        && !Double.isNaN(acc)
        && (best == null || acc > best.finalAccuracy());
  }

  private String labelOf(String trialId) {
    String label = labels.label(trialId);
    return label == null || label.isBlank() ? trialId : label;
  }

  private static String accuracy(double acc) {
    return String.format(Locale.ROOT, "%.3f", acc);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
