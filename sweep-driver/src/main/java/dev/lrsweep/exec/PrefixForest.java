package dev.lrsweep.exec;

import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.schedule.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Builds the segments a sweep trains: without sharing one node per trial; with sharing a tree per
 * group of trials that start in the same state, whose nodes are the epochs their members train
 * identically.
 *
 * <p>When two trials train identically: same seed (paired seeding gives every trial of a repeat
 * the same one) and, iteration by iteration, bit-identical learning rates; the engine is then
 * deterministic, so their states after those epochs are equal (tested in the trainer). Forks fall
 * on epoch boundaries, because checkpoints are taken after epochs: rates are compared at every
 * iteration of an epoch ({@code Schedule.lr(iteration, epoch)}, as the trainer counts them), and
 * schedules that differ anywhere inside an epoch fork at its start.
 *
 * <p>Only trials that still need a result ({@code needed}) are trained: a node none of whose
 * members needs one is left out, and a node's {@link Node#runAs} is chosen among the needed.
 */
public final class PrefixForest {
  private PrefixForest() {}

  /**
   * The segments of {@code trials} from epoch {@code from} to each trial's {@code target}.
   *
   * @param trials in plan order; all start at {@code from} (from scratch when 0, else from their
   *     own checkpoint at {@code from})
   * @param target each trial's last epoch for this plan (exclusive), greater than {@code from}
   * @param stepsPerEpoch iterations per epoch (batches of the training subset)
   * @param share whether trials may share segments
   * @param needed whether a trial still needs training
   */
  public static List<Node> build(List<PlannedTrial> trials, int from, ToIntFunction<PlannedTrial> target,
      int stepsPerEpoch, boolean share, Predicate<PlannedTrial> needed) {
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("steps per epoch must be positive, found " + stepsPerEpoch);
    }
    Builder b = new Builder(trials, target, stepsPerEpoch, needed);
    List<Node> roots = new ArrayList<>();
    List<List<PlannedTrial>> groups = new ArrayList<>();
    if (share) {
      // the same state at `from`: same seed and the same rates over [0, from)
      Map<Object, List<PlannedTrial>> bySeedAndPast = new LinkedHashMap<>();
      for (PlannedTrial t : trials) {
        List<Object> key = new ArrayList<>();
        key.add(t.seed());
        for (int e = 0; e < from; e++) {
          key.add(b.rates(t, e));
        }
        bySeedAndPast.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
      }
      groups.addAll(bySeedAndPast.values());
    } else {
      trials.forEach(t -> groups.add(List.of(t)));
    }
    for (List<PlannedTrial> g : groups) {
      roots.addAll(b.nodes(g, from));
    }
    return roots;
  }

  /** Every node of a forest, parents before children. */
  public static List<Node> flatten(List<Node> roots) {
    List<Node> out = new ArrayList<>();
    List<Node> todo = new ArrayList<>(roots);
    while (!todo.isEmpty()) {
      Node n = todo.remove(0);
      out.add(n);
      todo.addAll(0, n.children());
    }
    return out;
  }

  /** Epochs the forest trains (each node once). */
  public static long epochs(List<Node> roots) {
    return flatten(roots).stream().mapToLong(Node::epochs).sum();
  }

  private static final class Builder {
    final Map<String, Integer> order = new LinkedHashMap<>();
    final ToIntFunction<PlannedTrial> target;
    final int steps;
    final Predicate<PlannedTrial> needed;
    final Map<String, Rates> rateCache = new LinkedHashMap<>();

    Builder(List<PlannedTrial> trials, ToIntFunction<PlannedTrial> target, int steps, Predicate<PlannedTrial> needed) {
      for (PlannedTrial t : trials) {
        order.put(t.trialId(), order.size());
      }
      this.target = target;
      this.steps = steps;
      this.needed = needed;
    }

    /** The nodes of a group that is in one state at epoch {@code a}. */
    List<Node> nodes(List<PlannedTrial> group, int a) {
      List<PlannedTrial> live = group.stream().filter(t -> target.applyAsInt(t) > a).toList();
      if (live.isEmpty() || live.stream().noneMatch(needed)) {
        return List.of();
      }
      int end = live.stream().mapToInt(target).min().orElseThrow();
      int b = a;
      while (b < end && allEqual(live, b)) {
        b++;
      }
      if (b == a) { // they differ in epoch a already: no common segment, split now
        List<Node> out = new ArrayList<>();
        for (List<PlannedTrial> part : partition(live, a)) {
          out.addAll(nodes(part, a));
        }
        return out;
      }
      int until = b;
      List<PlannedTrial> endHere = live.stream().filter(t -> target.applyAsInt(t) == until).toList();
      List<PlannedTrial> rest = live.stream().filter(t -> target.applyAsInt(t) > until).toList();
      List<Node> children = new ArrayList<>();
      if (!rest.isEmpty()) {
        for (List<PlannedTrial> part : partition(rest, until)) {
          children.addAll(nodes(part, until));
        }
      }
      PlannedTrial runAs = live.stream().filter(needed)
          .max(Comparator.comparingInt(target).thenComparing(t -> -order.get(t.trialId()))).orElseThrow();
      String key = runAs.trialId() + "@" + (a + 1) + "-" + until;
      return List.of(new Node(key, runAs, a, until, live, endHere, children));
    }

    boolean allEqual(List<PlannedTrial> trials, int epoch) {
      Rates first = rates(trials.get(0), epoch);
      for (int i = 1; i < trials.size(); i++) {
        if (!first.equals(rates(trials.get(i), epoch))) {
          return false;
        }
      }
      return true;
    }

    /** The trials grouped by their rates in {@code epoch}, groups in order of first member. */
    List<List<PlannedTrial>> partition(List<PlannedTrial> trials, int epoch) {
      Map<Rates, List<PlannedTrial>> parts = new LinkedHashMap<>();
      for (PlannedTrial t : trials) {
        parts.computeIfAbsent(rates(t, epoch), k -> new ArrayList<>()).add(t);
      }
      return new ArrayList<>(parts.values());
    }

    /** The exact rates (as bits) of every iteration of {@code epoch} under {@code t}'s schedule. */
    Rates rates(PlannedTrial t, int epoch) {
      return rateCache.computeIfAbsent(t.trialId() + "#" + epoch, k -> {
        Schedule s = t.spec().schedule();
        long[] bits = new long[steps];
        long first = (long) epoch * steps;
        for (int i = 0; i < steps; i++) {
          bits[i] = Double.doubleToLongBits(s.lr(first + i, epoch));
        }
        return new Rates(bits);
      });
    }
  }

  /** One epoch's rates, compared bit for bit. */
  private record Rates(long[] bits) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Rates r && Arrays.equals(bits, r.bits);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bits);
    }
  }
}
