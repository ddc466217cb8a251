package dev.lrsweep.exec;

import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.spark.SegmentRequest;
import dev.lrsweep.spark.SegmentResult;
import dev.lrsweep.spark.SparkTrialRunner;
import dev.lrsweep.spark.SweepProgress;
import dev.lrsweep.spark.TrialEpoch;
import dev.lrsweep.spark.TrialLabels;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a forest of segments ({@link PrefixForest}) on the one execution path: every root that
 * still has work as a Spark task at once, each node's children as soon as it finishes (resuming
 * from its checkpoint, which {@link ForkStore} keeps until every trial below it has its result),
 * and each trial's result handed over when the node it ends at finishes.
 *
 * <p>A node that diverges or fails ends every trial in its subtree with its result (the engine
 * is deterministic: each of them would have diverged or failed there too, which for a failure is
 * the likely case, not a certainty; {@code --retry-failed} reruns them, and the fork they came
 * from is kept for that).
 *
 * <p>Accounting: a node's epochs count as trained by the trial it ran as ({@link Node#runAs}, or
 * for a node found on disk, the trial named in its checkpoint) and as inherited by every other
 * trial through it.
 */
public final class ForestRun {
  private static final Logger LOG = LoggerFactory.getLogger(ForestRun.class);

  /** Runs segments: {@link SparkTrialRunner#run(List, List, TrialLabels, SparkTrialRunner.Sink, Consumer)}. */
  @FunctionalInterface
  public interface Segments {
    List<SegmentResult> run(List<SegmentRequest> first, List<SweepProgress.Planned> planned, TrialLabels labels,
        SparkTrialRunner.Sink sink, Consumer<TrialEpoch> epochs);
  }

  /** Where a trial's result goes (results.jsonl, a rung log). */
  @FunctionalInterface
  public interface Ending {
    /**
     * @param trial the trial
     * @param result its segment's result, under its own trial id
     * @param checkpoint the state after its last epoch in this plan (empty at the trial's end or
     *     after a failure)
     * @param inherited epochs of this plan ({@code from} on) it took over from segments trained
     *     as another trial
     */
    void ended(PlannedTrial trial, SegmentResult result, byte[] checkpoint, int inherited) throws IOException;
  }

  /**
   * What a run did.
   *
   * @param segments segments trained in this run
   * @param epochsTrained epochs trained in this run
   * @param epochsLoaded epochs of shared segments found on disk from an earlier run (not trained)
   * @param epochsUnshared epochs the trials that needed work would have trained each on its own
   * @param checkpoints checkpoints that came back to the driver (one per fork)
   * @param checkpointBytes their bytes
   * @param checkpointSeconds executor time spent encoding and decoding checkpoints
   */
  public record Summary(int segments, long epochsTrained, long epochsLoaded, long epochsUnshared,
      int checkpoints, long checkpointBytes, double checkpointSeconds) {}

  private final List<Node> roots;
  private final ForkStore forks;
  private final Predicate<PlannedTrial> needed;
  private final boolean inherit;
  private final Map<Node, Node> parent = new IdentityHashMap<>();
  private final Map<Node, String> trainedBy = new IdentityHashMap<>();
  /** Per node: members that still need a result; its fork checkpoint goes when none is left. */
  private final Map<Node, Integer> unfinished = new IdentityHashMap<>();
  private final Map<String, Node> byKey = new HashMap<>();
  private Ending ending;

  /**
   * @param roots the forest
   * @param forks where fork checkpoints are kept
   * @param needed whether a trial still needs a result
   * @param inherit whether segments resume other trials' checkpoints (prefix sharing on)
   */
  public ForestRun(List<Node> roots, ForkStore forks, Predicate<PlannedTrial> needed, boolean inherit) {
    this.roots = List.copyOf(roots);
    this.forks = Objects.requireNonNull(forks, "forks");
    this.needed = Objects.requireNonNull(needed, "needed");
    this.inherit = inherit;
    for (Node n : PrefixForest.flatten(this.roots)) {
      byKey.put(n.key(), n);
      n.children().forEach(c -> parent.put(c, n));
      unfinished.put(n, (int) n.members().stream().filter(needed).count());
    }
  }

  /** Whether any member of the node still needs a result. */
  private boolean needed(Node n) {
    return n.members().stream().anyMatch(needed);
  }

  /**
   * Runs the forest.
   *
   * @param segments the runner
   * @param start each root's checkpoint to start from (empty: from scratch)
   * @param labels the progress label of a trial
   * @param ending where each trial's result goes
   * @param epochs each epoch that reaches the driver, under the trial id it trained as
   */
  public Summary run(Segments segments, Function<Node, byte[]> start, Function<PlannedTrial, String> labels,
      Ending ending, Consumer<TrialEpoch> epochs) throws IOException {
    this.ending = Objects.requireNonNull(ending, "ending");
    for (Node n : PrefixForest.flatten(roots)) {
      if (unfinished.get(n) == 0) {
        forks.delete(n); // left by a run killed after its last trial's result
      }
    }
    List<SegmentRequest> first = new ArrayList<>();
    long[] loaded = {0};
    for (Node root : roots) {
      if (needed(root)) {
        first.addAll(startOrLoad(root, start.apply(root), loaded));
      }
    }
    List<SweepProgress.Planned> planned = new ArrayList<>();
    long unshared = 0;
    for (Node n : PrefixForest.flatten(roots)) {
      unshared += (long) n.epochs() * unfinished.get(n);
      if (needed(n) && !trainedBy.containsKey(n)) { // not resumed from a fork checkpoint above
        planned.add(new SweepProgress.Planned(n.key(), n.from(), n.until(), n.runAs().spec().epochs()));
      }
    }
    long[] trained = {0};
    long[] bytes = {0};
    double[] ckptSeconds = {0};
    int[] count = {0};
    int[] checkpoints = {0};
    TrialLabels nodeLabels = key -> {
      Node n = byKey.get(key);
      return n == null ? key : label(n, labels);
    };
    if (!first.isEmpty()) {
      segments.run(first, planned, nodeLabels, result -> {
        Node n = byKey.get(result.key());
        count[0]++;
        trained[0] += Math.max(0, result.result().epochsRun() - n.from());
        bytes[0] += result.checkpoint().length;
        checkpoints[0] += result.checkpoint().length > 0 ? 1 : 0;
        ckptSeconds[0] += result.readSeconds() + result.writeSeconds();
        try {
          return finished(n, result, loaded);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot keep the results of segment " + n.key(), e);
        }
      }, e -> {
        Node n = byKey.get(e.trialId());
        epochs.accept(n == null ? e : new TrialEpoch(n.runAs().trialId(), e.epoch()));
      });
    }
    return new Summary(count[0], trained[0], loaded[0], unshared, checkpoints[0], bytes[0], ckptSeconds[0]);
  }

  /** A node's request, or, when an earlier run left its fork checkpoint, its children's. */
  private List<SegmentRequest> startOrLoad(Node n, byte[] from, long[] loaded) throws IOException {
    if (!n.children().isEmpty() && n.endHere().stream().noneMatch(needed)) {
      var stored = forks.find(n);
      if (stored.isPresent()) {
        LOG.info("Segment {}: checkpoint at epoch {} kept from an earlier run (trained as {})", n.key(), n.until(),
            stored.get().trainedBy());
        trainedBy.put(n, stored.get().trainedBy());
        loaded[0] += n.epochs();
        return children(n, stored.get().bytes(), loaded);
      }
    }
    return List.of(new SegmentRequest(n.key(), n.runAs().spec(), n.until(), from, inherit && from.length > 0));
  }

  private List<SegmentRequest> children(Node n, byte[] checkpoint, long[] loaded) throws IOException {
    List<SegmentRequest> out = new ArrayList<>();
    for (Node c : n.children()) {
      if (needed(c)) {
        out.addAll(startOrLoad(c, checkpoint, loaded));
      }
    }
    return out;
  }

  /** Hands over the results of the trials that end at {@code n} and returns its children's requests. */
  private List<SegmentRequest> finished(Node n, SegmentResult r, long[] loaded) throws IOException {
    trainedBy.put(n, n.runAs().trialId());
    TrialStatus status = r.result().status();
    List<SegmentRequest> next = List.of();
    boolean goesOn = n.children().stream().anyMatch(this::needed);
    if (status == TrialStatus.COMPLETED && goesOn && r.checkpoint().length == 0) {
      status = TrialStatus.FAILED;
      r = new SegmentResult(r.key(), relabel(r.result(), n.runAs(), n, TrialStatus.FAILED,
          "segment " + n.key() + " returned no checkpoint to go on from"), r.startEpoch(), r.checkpoint(),
          r.readSeconds(), r.writeSeconds());
    }
    if (status == TrialStatus.COMPLETED) {
      for (PlannedTrial t : n.endHere()) {
        if (needed.test(t)) {
          ending.ended(t, as(r, t, n), r.checkpoint(), inherited(t, n, n.epochs()));
          done(n);
        }
      }
      if (goesOn) {
        forks.write(n, r.checkpoint());
        next = children(n, r.checkpoint(), loaded);
      }
    } else {
      int ran = Math.max(0, r.result().epochsRun() - n.from());
      for (PlannedTrial t : n.members()) {
        if (needed.test(t)) {
          ending.ended(t, as(r, t, n), new byte[0], inherited(t, n, ran));
          if (status != TrialStatus.FAILED) {
            done(n); // a failed trial keeps the forks above it, so --retry-failed resumes from them
          }
        }
      }
    }
    return next;
  }

  /**
   * One trial that passes through {@code n} has its result: {@code n} and each node above it have
   * one unfinished member less, and a fork checkpoint whose subtree has nothing left to train is
   * deleted. Keeping every fork until then, not only until its children have started, is what lets
   * a rerun resume from the deepest fork without training any node above it again.
   */
  private void done(Node n) throws IOException {
    for (Node m = n; m != null; m = parent.get(m)) {
      if (unfinished.merge(m, -1, Integer::sum) == 0) {
        forks.delete(m);
      }
    }
  }

  /** Epochs of this plan that {@code t} took over: nodes on its path trained as another trial. */
  private int inherited(PlannedTrial t, Node end, int epochsInEnd) {
    int sum = trainedBy.get(end).equals(t.trialId()) ? 0 : epochsInEnd;
    for (Node up = parent.get(end); up != null; up = parent.get(up)) {
      if (!t.trialId().equals(trainedBy.get(up))) {
        sum += up.epochs();
      }
    }
    return sum;
  }

  /** {@code r} as trial {@code t}'s own: its id, and for a failure, where the shared segment failed. */
  private static SegmentResult as(SegmentResult r, PlannedTrial t, Node n) {
    if (t.trialId().equals(r.result().trialId())) {
      return r;
    }
    String message = r.result().message();
    if (r.result().status() == TrialStatus.FAILED) {
      message = "segment " + n.key() + " (epochs " + (n.from() + 1) + "-" + n.until() + ", shared with "
          + (n.members().size() - 1) + " other trials, trained as " + n.runAs().trialId() + ") failed: " + message;
    }
    return new SegmentResult(r.key(), relabel(r.result(), t, n, r.result().status(), message), r.startEpoch(),
        r.checkpoint(), r.readSeconds(), r.writeSeconds());
  }

  private static TrialResult relabel(TrialResult r, PlannedTrial t, Node n, TrialStatus status, String message) {
    return new TrialResult(t.trialId(), status, message, r.history(), r.finalAccuracy(), r.finalLoss(),
        r.bestAccuracy(), r.bestEpoch(), r.report(), r.trainImagesPerSecond(), r.seconds(), r.provenance());
  }

  /** A node's progress label: the trial's, and for a shared or partial segment which epochs. */
  private static String label(Node n, Function<PlannedTrial, String> labels) {
    String base = labels.apply(n.runAs());
    if (n.shared()) {
      return base + " [epochs " + (n.from() + 1) + "-" + n.until() + " for " + n.members().size() + " trials]";
    }
    if (n.from() > 0) {
      return base + " [epochs " + (n.from() + 1) + "-" + n.until() + "]";
    }
    return base;
  }
}
