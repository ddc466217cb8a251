package dev.lrsweep.spark;

import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The console progress of a sweep: a line per finished epoch of a running trial, a line per
 * finished trial and a periodic status line. Pure: it is told epochs, results, the clock and the
 * number of running tasks, and returns text; {@link SparkTrialRunner} feeds it from Spark and
 * prints. Thread-safe, because status lines come from a timer thread while epochs and results
 * arrive on the caller's. Epochs are counted from 1 in everything it prints, as people (and
 * Keras's {@code Epoch 4/10}) count them.
 *
 * <p>Time left, once any epoch is known: {@code remainingEpochs * meanEpochSeconds / max(1,
 * running)}, where remaining epochs are the planned epochs of the unfinished trials less those
 * already reported, and the mean is over every epoch reported so far (by heartbeats or in
 * results). Before the first epoch, or without a plan: {@code remainingTrials * meanTrialSeconds /
 * max(1, running)}, unknown until a trial finishes.
 */
public final class SweepProgress {
  /**
   * What one trial of this run is to train: epochs {@code [fromEpoch, untilEpoch)} (0-based) of
   * a trial of {@code epochs} epochs.
   */
  public record Planned(String trialId, int fromEpoch, int untilEpoch, int epochs) {
    public Planned {
      Objects.requireNonNull(trialId, "trialId");
      if (fromEpoch < 0 || untilEpoch < fromEpoch || epochs < untilEpoch) {
        throw new IllegalArgumentException("planned epochs of " + trialId + " must satisfy 0 <= from <= until"
            + " <= epochs, found " + fromEpoch + ", " + untilEpoch + ", " + epochs);
      }
    }

    /** A whole trial of {@code epochs} epochs. */
    public static Planned whole(String trialId, int epochs) {
      return new Planned(trialId, 0, epochs, epochs);
    }
  }

  private final int total;
  private final TrialLabels labels;
  private final long startNanos;
  /** The plan by trial id, in run order (position + 1 is the trial's number in epoch lines). */
  private final Map<String, Planned> plan = new LinkedHashMap<>();
  private final Map<String, Integer> position = new HashMap<>();

  private int done;
  private int failed;
  private int diverged;
  private double secondsSum;
  private TrialResult best;
  private String bestKey;

  /** Epochs seen per unfinished trial (trial id to its latest record). */
  private final Map<String, EpochRecord> latest = new HashMap<>();
  private final Map<String, Integer> reportedEpochs = new HashMap<>();
  private final Set<String> finishedIds = new HashSet<>();
  private final Set<String> countedEpochs = new HashSet<>();
  private double epochSecondsSum;
  private int epochCount;

  /**
   * A progress without a plan: epoch lines are numbered by arrival, and time left comes from
   * finished trials only.
   *
   * @param total trials in this run
   * @param labels progress labels by trial id
   * @param startNanos {@link System#nanoTime()} when the run started
   */
  public SweepProgress(int total, TrialLabels labels, long startNanos) {
    this(total, List.of(), labels, startNanos);
  }

  /**
   * @param planned what each trial of the run trains, in run order
   * @param labels progress labels by trial id
   * @param startNanos {@link System#nanoTime()} when the run started
   */
  public SweepProgress(List<Planned> planned, TrialLabels labels, long startNanos) {
    this(planned.size(), planned, labels, startNanos);
  }

  private SweepProgress(int total, List<Planned> planned, TrialLabels labels, long startNanos) {
    if (total < 0) {
      throw new IllegalArgumentException("total trials must be 0 or greater, found " + total);
    }
    this.total = total;
    this.labels = Objects.requireNonNull(labels, "labels");
    this.startNanos = startNanos;
    for (Planned p : planned) {
      if (plan.putIfAbsent(p.trialId(), p) != null) {
        throw new IllegalArgumentException("trial ids must be unique, found '" + p.trialId() + "' twice");
      }
      position.put(p.trialId(), position.size());
    }
  }

  /**
   * Records a finished epoch of a running trial and returns its line, e.g. {@code [3/8]
   * step(drop_every=5,factor=0.5,lr0=0.01) epoch 12/40  lr 0.0025  test acc 0.712  95 s/epoch};
   * empty when the trial has already finished (its result line says the rest) or the epoch was
   * told before.
   */
  public synchronized Optional<String> epoch(TrialEpoch update) {
    String id = update.trialId();
    EpochRecord e = update.epoch();
    if (finishedIds.contains(id) || !countedEpochs.add(id + "\u0000" + e.epoch())) {
      return Optional.empty();
    }
    epochSecondsSum += e.seconds();
    epochCount++;
    EpochRecord before = latest.get(id);
    if (before == null || e.epoch() > before.epoch()) {
      latest.put(id, e);
    }
    reportedEpochs.merge(id, 1, Integer::sum);
    Planned p = plan.get(id);
    String number = p == null ? "[" + id + "]" : "[" + (position.get(id) + 1) + "/" + total + "]";
    String of = p == null ? "" : "/" + p.epochs();
    return Optional.of(String.format(Locale.ROOT, "%s %s epoch %d%s  lr %s  test acc %.3f  %s s/epoch",
        number, labelOf(id), e.epoch() + 1, of, significant(e.learningRate(), 3), e.testAccuracy(),
        seconds(e.seconds())));
  }

  /**
   * Records a finished trial and returns its line, e.g. {@code trial 7/24
   * step(factor=0.5,drop_every=5,lr0=0.01) acc=0.781 in 1m35s (best so far)}, {@code ... FAILED:
   * message} or {@code ... DIVERGED at epoch 3 in 12s}.
   */
  public synchronized String finished(TrialResult result) {
    return finished(result.trialId(), result);
  }

  /**
   * As {@link #finished(TrialResult)} for the planned unit {@code key}: a segment that trains
   * {@code result}'s trial (and, with prefix sharing, others that share its epochs); its epochs
   * before the segment's first are not counted again.
   */
  public synchronized String finished(String key, TrialResult result) {
    done++;
    secondsSum += result.seconds();
    finishedIds.add(key);
    latest.remove(key);
    Planned planned = plan.get(key);
    int from = planned == null ? 0 : planned.fromEpoch();
    for (EpochRecord e : result.history()) {
      if (e.epoch() >= from && countedEpochs.add(key + "\u0000" + e.epoch())) {
        epochSecondsSum += e.seconds();
        epochCount++;
      }
    }
    String head = "trial " + done + "/" + total + " " + labelOf(key) + " ";
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
        // a segment that ends before its trial's last epoch (a shared prefix, a halving rung) is
        // not a finished trial: it is not compared with finished ones
        boolean isBest = (planned == null || planned.untilEpoch() == planned.epochs()) && isBetter(result);
        if (isBest) {
          best = result;
          bestKey = key;
        }
        String acc = "acc=" + accuracy(result.finalAccuracy());
        return head + acc + " in " + duration(result.seconds()) + (isBest ? " (best so far)" : "");
    }
  }

  /**
   * The periodic status line, e.g. {@code status: 7/24 done (1 failed, 1 diverged), 2 running,
   * elapsed 5m12s, about 12m40s left, best acc=0.781 step(...)}; a running trial whose latest test
   * accuracy beats every finished one is named with {@code (partial, epoch 12/40)}.
   *
   * @param nowNanos {@link System#nanoTime()} now
   * @param running tasks running now (from Spark's status tracker)
   */
  public synchronized String status(long nowNanos, int running) {
    double elapsed = (nowNanos - startNanos) / 1e9;
    OptionalDouble left = secondsLeft(running);
    String leftText =
        left.isPresent() ? "about " + duration(left.getAsDouble()) + " left" : "time left unknown";
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
        bestText());
  }

  private String bestText() {
    Map.Entry<String, EpochRecord> partial = null;
    for (Map.Entry<String, EpochRecord> e : latest.entrySet()) {
      double acc = e.getValue().testAccuracy();
      if (!Double.isNaN(acc) && (partial == null || acc > partial.getValue().testAccuracy())) {
        partial = e;
      }
    }
    if (partial != null && (best == null || partial.getValue().testAccuracy() > best.finalAccuracy())) {
      Planned p = plan.get(partial.getKey());
      return "best acc=" + accuracy(partial.getValue().testAccuracy()) + " " + labelOf(partial.getKey())
          + " (partial, epoch " + (partial.getValue().epoch() + 1) + (p == null ? "" : "/" + p.epochs()) + ")";
    }
    return best == null
        ? "no completed trial yet"
        : "best acc=" + accuracy(best.finalAccuracy()) + " " + labelOf(bestKey);
  }

  private OptionalDouble secondsLeft(int running) {
    if (epochCount > 0 && plan.size() == total) {
      long remaining = 0;
      for (Planned p : plan.values()) {
        if (!finishedIds.contains(p.trialId())) {
          int planned = p.untilEpoch() - p.fromEpoch();
          remaining += Math.max(0, planned - reportedEpochs.getOrDefault(p.trialId(), 0));
        }
      }
      return secondsLeft((int) remaining, running, epochSecondsSum / epochCount);
    }
    return done == 0 ? OptionalDouble.empty() : secondsLeft(total - done, running, secondsSum / done);
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
   * Seconds until {@code remaining} units (trials or epochs) of {@code meanSeconds} each finish
   * on {@code running} concurrent tasks (at least one); empty when the mean is not a finite
   * non-negative number.
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

  /**
   * {@code v} to {@code digits} significant digits, plain and without trailing zeros: 0.0025,
   * 0.00026, 0.01; "-" for NaN or infinities.
   */
  static String significant(double v, int digits) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    if (v == 0) {
      return "0";
    }
    return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
  }

  private static String seconds(double s) {
    return s < 10 ? String.format(Locale.ROOT, "%.1f", s) : Long.toString(Math.round(s));
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

  /** The planned epochs of whole trials, in order. */
  static List<Planned> wholeTrials(List<dev.lrsweep.trial.TrialSpec> specs) {
    List<Planned> out = new ArrayList<>();
    specs.forEach(s -> out.add(Planned.whole(s.trialId(), s.epochs())));
    return out;
  }
}
