package dev.lrsweep.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.config.Environment;
import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.grid.SweepPlan;
import dev.lrsweep.grid.SweepPlanner;
import dev.lrsweep.spark.SegmentRequest;
import dev.lrsweep.spark.SegmentResult;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.train.Checkpoint;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ForestRun}'s bookkeeping without Spark: a stand-in runner "trains" each segment at once
 * (a result with one record per epoch and a real checkpoint header) and can die after a given
 * number of results, as a killed driver does.
 */
class ForestRunTest {
  @TempDir Path dir;

  /**
   * Step decays (offset 1) dropping every 2, 3 and 4 epochs, 6 epochs: the rate of epoch e is 0.01
   * until e = d - 1. All three share epoch 1; d = 3 and 4 share epoch 2; then each goes alone: a
   * fork after epoch 1 (root) and one after epoch 2 (below it). 1 + 5 + 1 + 4 + 4 = 15 epochs.
   */
  private List<PlannedTrial> trials() throws Exception {
    Path f = dir.resolve("s.conf");
    Files.writeString(f, "training.epochs = 6\ngrid = [ { family = step, lr0 = 0.01, factor = 0.5,"
        + " drop_every = [2, 3, 4] } ]\n");
    SweepPlan p = SweepPlanner.load(f, List.of(), new Environment(Map.of(), dir, dir));
    return p.trials();
  }

  /** Runs the requests in order, each at once; throws ("killed") before result number {@code dieAt}. */
  private static ForestRun.Segments standIn(List<String> trainedKeys, int dieAt) {
    return (first, planned, labels, sink, epochs) -> {
      Deque<SegmentRequest> queue = new ArrayDeque<>(first);
      List<SegmentResult> out = new ArrayList<>();
      while (!queue.isEmpty()) {
        if (out.size() == dieAt) {
          throw new IllegalStateException("killed");
        }
        SegmentRequest r = queue.removeFirst();
        trainedKeys.add(r.key());
        SegmentResult result = trained(r);
        out.add(result);
        queue.addAll(sink.accept(result));
      }
      return out;
    };
  }

  private static SegmentResult trained(SegmentRequest r) {
    TrialSpec spec = r.spec();
    List<EpochRecord> history = new ArrayList<>();
    for (int e = 0; e < r.untilEpoch(); e++) {
      history.add(new EpochRecord(e, spec.schedule().lr(3L * e, e), 2.0, 0.1, 2.0, 0.1, 1.0));
    }
    TrialResult result = new TrialResult(spec.trialId(), TrialStatus.COMPLETED, "", history, 0.1, 2.0, 0.1,
        r.untilEpoch() - 1, null, 100, 1.0, null);
    byte[] checkpoint = r.untilEpoch() < spec.epochs()
        ? new Checkpoint(spec.trialId(), spec.seed(), r.untilEpoch(), 3 * r.untilEpoch(), new float[1], new float[0],
            new double[0][], new double[0][], history, 0, 0, 0).toBytes()
        : new byte[0];
    return new SegmentResult(r.key(), result, r.startEpoch(), checkpoint, 0, 0);
  }

  private long forkFiles() throws Exception {
    Path forks = dir.resolve("out").resolve(ForkStore.DIR);
    if (!Files.isDirectory(forks)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(forks)) {
      return files.filter(p -> p.toString().endsWith(".ckpt")).count();
    }
  }

  @Test
  void aDriverKilledBelowTheLastForkResumesWithoutTrainingAnySegmentAboveIt() throws Exception {
    List<PlannedTrial> trials = trials();
    ForkStore forks = new ForkStore(new OutputDir(dir.resolve("out")));
    Map<String, Integer> inherited = new TreeMap<>();
    Map<String, Integer> epochsRun = new TreeMap<>();
    ForestRun.Ending ending = (t, r, c, i) -> {
      inherited.put(t.trialId(), i);
      epochsRun.put(t.trialId(), r.result().epochsRun());
    };

    // run 1: the root (epoch 1), then d = 2 alone (epochs 2-6) and the shared epoch 2; it dies
    // before the two last leaves report
    List<Node> forest = PrefixForest.build(trials, 0, t -> 6, 3, true, t -> true);
    assertEquals(15, PrefixForest.epochs(forest));
    List<String> first = new ArrayList<>();
    assertThrows(IllegalStateException.class, () -> new ForestRun(forest, forks, t -> true, true)
        .run(standIn(first, 3), n -> new byte[0], PlannedTrial::label, ending, e -> {}));
    assertEquals(3, first.size(), first.toString());
    assertEquals(1, inherited.size(), "only d = 2 has its result");
    assertEquals(2, forkFiles(), "both forks stay: trials below each still have no result");

    // run 2: resumes from the deepest fork; neither fork's segment is trained again
    List<Node> again = PrefixForest.build(trials, 0, t -> 6, 3, true, t -> !inherited.containsKey(t.trialId()));
    List<String> second = new ArrayList<>();
    ForestRun.Summary s = new ForestRun(again, forks, t -> !inherited.containsKey(t.trialId()), true)
        .run(standIn(second, Integer.MAX_VALUE), n -> new byte[0], PlannedTrial::label, ending, e -> {});
    assertEquals(2, second.size(), "only the two last leaves: " + second);
    assertTrue(second.stream().allMatch(k -> k.endsWith("@3-6")), second.toString());
    assertEquals(8, s.epochsTrained());
    assertEquals(2, s.epochsLoaded(), "epochs 1 and 2 of the two trials, from the forks");
    assertEquals(0, forkFiles(), "every trial has its result: no fork is kept");

    // every epoch of the tree counted as trained by exactly one trial over both runs
    assertEquals(3, inherited.size());
    int trained = 0;
    for (String id : inherited.keySet()) {
      assertEquals(6, epochsRun.get(id), id);
      trained += epochsRun.get(id) - inherited.get(id);
    }
    assertEquals(15, trained, "trained per trial: " + inherited);
    assertFalse(first.stream().anyMatch(second::contains), "no segment ran in both runs");
  }
}
