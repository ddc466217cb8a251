package dev.lrsweep.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.config.Environment;
import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.grid.SweepPlan;
import dev.lrsweep.grid.SweepPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment trees of real grids, checked against trees derived by hand from the schedules'
 * formulas (the derivations are in the comments).
 */
class PrefixForestTest {
  @TempDir Path dir;

  /** The seed article's grid (conf/seed-minivgg.conf), 40 epochs of 782 iterations (50,000 / 64). */
  static final String SEED_ARTICLE = "training.epochs = 40\ngrid = [\n"
      + "  { family = constant, lr = 0.01 }\n"
      + "  { family = time_decay, lr0 = 0.01, decay = 0.00025, unit = iteration }\n"
      + "  { family = step, lr0 = 0.01, factor = [0.25, 0.5], drop_every = 5, offset = 1, unit = epoch }\n"
      + "  { family = cosine, lr0 = 0.01, decay_steps = 40, alpha = 0.0, unit = epoch }\n"
      + "  { family = cosine_restarts, lr0 = 0.01, first_decay_steps = 10, t_mul = 2.0, m_mul = 1.0, alpha = 0.0,"
      + " unit = epoch }\n"
      + "  { family = warmup_cosine, lr_max = 0.01, warmup_steps = 1564, total_steps = 31280, warmup = linear,"
      + " cycles = 0.5, unit = iteration }\n"
      + "  { family = piecewise, boundaries = [20, 30], values = [0.01, 0.002, 0.0004], unit = epoch }\n"
      + "]\n";

  /** The step-decay grid of the issue: factor 0.1/0.25/0.5 x drop every 5/10/15/20 epochs, 40 epochs. */
  static final String STEP_GRID = "training.epochs = 40\ngrid = [\n"
      + "  { family = step, lr0 = 0.01, factor = [0.1, 0.25, 0.5], drop_every = [5, 10, 15, 20] }\n]\n";

  private SweepPlan plan(String text, String... extra) throws Exception {
    Path f = dir.resolve("s.conf");
    Files.writeString(f, text + String.join("\n", extra) + "\n");
    return SweepPlanner.load(f, List.of(), new Environment(Map.of(), dir, dir));
  }

  /** Each node as "label(runAs) from-until {member labels}" with epochs from 1, sorted. */
  private static Set<String> render(List<Node> roots) {
    Set<String> out = new TreeSet<>();
    for (Node n : PrefixForest.flatten(roots)) {
      String members = n.members().stream().map(PlannedTrial::family).sorted().collect(Collectors.joining(","));
      out.add((n.from() + 1) + "-" + n.until() + " " + n.members().size() + " {" + members + "}");
    }
    return out;
  }

  @Test
  void theSeedArticlesGridSharesTheEpochsItsRatesShare() throws Exception {
    SweepPlan p = plan(SEED_ARTICLE);
    List<Node> forest = PrefixForest.build(p.trials(), 0, t -> 40, 782, true, t -> true);
    // By hand, rates of epoch e (0-based):
    //   constant 0.01; step (offset 1, every 5) 0.01 * f^floor((1 + e) / 5): 0.01 for e <= 3;
    //   piecewise 0.01 while e < 20 (it switches at the boundary); cosine over 40 epochs and the
    //   restarts over 10 are 0.01 at e = 0 only; time decay and warm-up count iterations and change
    //   within epoch 1, so they share nothing.
    // Tree: epoch 1 for the six epoch-unit schedules; epochs 2-4 for constant, both steps and
    // piecewise; epochs 5-20 for constant and piecewise; then every trial alone.
    Set<String> expected = new TreeSet<>(List.of(
        "1-1 6 {constant,cosine,cosine_restarts,piecewise,step,step}",
        "2-4 4 {constant,piecewise,step,step}",
        "5-20 2 {constant,piecewise}",
        "21-40 1 {constant}",
        "21-40 1 {piecewise}",
        "5-40 1 {step}",
        "2-40 1 {cosine}",
        "2-40 1 {cosine_restarts}",
        "1-40 1 {time_decay}",
        "1-40 1 {warmup_cosine}"));
    Set<String> got = render(forest);
    assertTrue(got.containsAll(expected) && expected.containsAll(got), "got " + got);
    assertEquals(11, PrefixForest.flatten(forest).size(), "the two step decays are two leaves");
    // 1 + 3 + 16 + 20 + 20 + 36 + 36 + 39 + 39 + 40 + 40 = 290 of 8 x 40 = 320
    assertEquals(290, PrefixForest.epochs(forest));
  }

  @Test
  void theStepDecayGridSavesAQuarterOfItsEpochs() throws Exception {
    SweepPlan p = plan(STEP_GRID);
    assertEquals(12, p.trials().size());
    List<Node> forest = PrefixForest.build(p.trials(), 0, t -> 40, 782, true, t -> true);
    // step with offset 1 first drops at epoch d - 1 (0-based): all twelve share epochs 0-3, the
    // nine with d >= 10 epochs 4-8, the six with d >= 15 epochs 9-13, the three with d = 20
    // epochs 14-18. Leaves: 3 x 36 (d 5), 3 x 31 (d 10), 3 x 26 (d 15), 3 x 21 (d 20).
    // 4 + 5 + 5 + 5 + 3 x (36 + 31 + 26 + 21) = 361 of 12 x 40 = 480: 24.8 % saved.
    assertEquals(361, PrefixForest.epochs(forest));
    Map<String, Integer> sharedBy = new TreeMap<>();
    for (Node n : PrefixForest.flatten(forest)) {
      if (n.shared()) {
        sharedBy.put((n.from() + 1) + "-" + n.until(), n.members().size());
      }
    }
    assertEquals(Map.of("1-4", 12, "5-9", 9, "10-14", 6, "15-19", 3), sharedBy);
    // each trial's path covers exactly its 40 epochs
    for (PlannedTrial t : p.trials()) {
      int covered = PrefixForest.flatten(forest).stream().filter(n -> n.members().contains(t))
          .mapToInt(Node::epochs).sum();
      assertEquals(40, covered, t.trialId());
    }
  }

  @Test
  void repeatsAreSeparateTreesAndIndependentSeedsShareNothing() throws Exception {
    SweepPlan paired = plan(STEP_GRID, "repeats = 2");
    List<Node> forest = PrefixForest.build(paired.trials(), 0, t -> 40, 782, true, t -> true);
    assertEquals(2, forest.size(), "one tree per repeat (per seed)");
    assertEquals(2 * 361, PrefixForest.epochs(forest));

    SweepPlan independent = plan(STEP_GRID, "repeats = 2", "seeding = independent");
    List<Node> none = PrefixForest.build(independent.trials(), 0, t -> 40, 782, true, t -> true);
    assertEquals(24, none.size());
    assertEquals(24 * 40, PrefixForest.epochs(none));

    List<Node> off = PrefixForest.build(paired.trials(), 0, t -> 40, 782, false, t -> true);
    assertEquals(24, off.size());
    assertTrue(off.stream().allMatch(n -> n.children().isEmpty() && n.from() == 0 && n.until() == 40));
  }

  @Test
  void ratesThatDifferInsideAnEpochForkAtItsStart() throws Exception {
    // iteration-unit steps: drop_every 25 with offset 0 drops at iteration 25, inside epoch 3 of
    // 10 iterations (iterations 20-29), so it shares epochs 1-2 with the constant rate and forks
    // at the start of epoch 3; drop_every 30 drops at iteration 30, the first of epoch 4.
    SweepPlan p = plan("training.epochs = 6\ngrid = [\n"
        + "  { family = constant, lr = 0.01 }\n"
        + "  { family = step, lr0 = 0.01, factor = 0.5, drop_every = [25, 30], offset = 0, unit = iteration }\n]\n");
    List<Node> forest = PrefixForest.build(p.trials(), 0, t -> 6, 10, true, t -> true);
    Set<String> got = render(forest);
    assertEquals(new TreeSet<>(List.of("1-2 3 {constant,step,step}", "3-3 2 {constant,step}", "4-6 1 {constant}",
        "4-6 1 {step}", "3-6 1 {step}")), got);
  }

  @Test
  void finishedTrialsAreNotTrainedAgainAndRunAsIsOneThatNeedsIt() throws Exception {
    SweepPlan p = plan(STEP_GRID);
    Set<String> done = p.trials().stream().filter(t -> t.label().contains("drop_every=5"))
        .map(PlannedTrial::trialId).collect(Collectors.toSet());
    assertEquals(3, done.size());
    List<Node> forest = PrefixForest.build(p.trials(), 0, t -> 40, 782, true, t -> !done.contains(t.trialId()));
    // the three d = 5 leaves are left out; the shared nodes stay (others need them)
    assertEquals(361 - 3 * 36, PrefixForest.epochs(forest));
    for (Node n : PrefixForest.flatten(forest)) {
      assertFalse(done.contains(n.runAs().trialId()), n.key());
    }
    List<Node> nothing = PrefixForest.build(p.trials(), 0, t -> 40, 782, true, t -> false);
    assertTrue(nothing.isEmpty());
  }

  @Test
  void aHalvingRungStartsFromTheStateItsTrialsShareAtTheRungBefore() throws Exception {
    // rung from epoch 4 to 10 of the step grid: all twelve are alike at epoch 4 (same seed, same
    // rates over epochs 1-4); then as above: the d = 5 three split at once, the nine with d >= 10
    // share epochs 5-9, then split (each d = 10 alone for epoch 10), the six others go on together.
    SweepPlan p = plan(STEP_GRID);
    List<Node> forest = PrefixForest.build(p.trials(), 4, t -> 10, 782, true, t -> true);
    assertEquals(3 + 1, forest.size(), "three d = 5 roots and the shared one");
    // 3 x 6 (d = 5, epochs 5-10) + 5 (epochs 5-9 for nine) + 3 x 1 (d = 10) + 1 (d >= 15, six) = 27
    assertEquals(27, PrefixForest.epochs(forest));
  }
}
