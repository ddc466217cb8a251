package dev.lrsweep.store;

import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code results.jsonl} holds.
 *
 * @param lines every readable line, in file order (a trial rerun appears more than once)
 * @param warnings lines that could not be read (a crash's truncated last line), with line numbers
 */
public record StoredResults(List<TrialRecord> lines, List<String> warnings) {
  public StoredResults {
    lines = List.copyOf(lines);
    warnings = List.copyOf(warnings);
  }

  /** The last line of each trial id (a rerun replaces earlier results), in order of first appearance. */
  public List<TrialRecord> latest() {
    Map<String, TrialRecord> byId = new LinkedHashMap<>();
    for (TrialRecord r : lines) {
      byId.put(r.trialId(), r);
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * Trial ids that need not run again: COMPLETED and DIVERGED always (a diverged schedule diverges
   * again with the same seed), FAILED only when {@code retryFailed} is false.
   */
  public Set<String> finishedIds(boolean retryFailed) {
    Set<String> out = new TreeSet<>();
    for (TrialRecord r : latest()) {
      if (r.result().status() != TrialStatus.FAILED || !retryFailed) {
        out.add(r.trialId());
      }
    }
    return out;
  }
}
