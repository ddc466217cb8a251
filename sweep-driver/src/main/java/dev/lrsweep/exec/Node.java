package dev.lrsweep.exec;

import dev.lrsweep.grid.PlannedTrial;
import java.util.List;
import java.util.Objects;

/**
 * One segment of a plan: epochs {@code [from, until)} (0-based) that the trials in {@link
 * #members} all train identically (same seed, same learning rate at every iteration), trained once
 * as trial {@link #runAs}. Members whose target epoch is {@code until} end here ({@link #endHere});
 * the others go on in the {@link #children}, which resume from this node's checkpoint.
 *
 * @param key the node's name: {@code <runAs id>@<from>-<until>} (epochs counted from 1 in the
 *     name: {@code @1-4} is the first four epochs), unique within a plan and stable across runs
 * @param runAs the member whose spec the segment trains with: a member still needing a result,
 *     going on furthest, earliest in plan order
 * @param from the first epoch trained (0-based)
 * @param until the first epoch not trained
 * @param members every trial whose path passes through this node, in plan order
 * @param endHere members whose target epoch is {@code until}
 * @param children the segments that go on from here, each starting at {@code until}
 */
public record Node(String key, PlannedTrial runAs, int from, int until, List<PlannedTrial> members,
    List<PlannedTrial> endHere, List<Node> children) {
  public Node {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(runAs, "runAs");
    members = List.copyOf(members);
    endHere = List.copyOf(endHere);
    children = List.copyOf(children);
    if (from < 0 || until <= from) {
      throw new IllegalArgumentException("a node trains at least one epoch: [" + from + ", " + until + ")");
    }
  }

  /** Epochs this node trains. */
  public int epochs() {
    return until - from;
  }

  /** Whether more than one trial passes through it. */
  public boolean shared() {
    return members.size() > 1;
  }
}
