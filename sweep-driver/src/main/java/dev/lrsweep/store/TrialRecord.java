package dev.lrsweep.store;

import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.trial.TrialResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One line of {@code results.jsonl}: a trial's result with the plan's view of it, so that reports
 * need nothing but the results file.
 *
 * @param trialId the trial id (same as {@code result.trialId()})
 * @param family the schedule family
 * @param label the schedule's short label, e.g. {@code step(drop_every=5,factor=0.5,lr0=0.01)}
 * @param params the schedule's full parameters, sorted; numbers as Long or Double
 * @param gridPoint the key that groups a grid point's repeats
 * @param repeat 0-based repeat index
 * @param seed the trial seed
 * @param result what happened
 * @param halving for a successive-halving sweep, the rung the trial reached; empty for a full grid
 * @param epochsInherited epochs of the result's history that the trial did not train itself but
 *     took over from a segment trained once for several trials (prefix sharing); the rest of its
 *     {@code epochsRun} it trained itself ({@link #epochsTrained})
 */
public record TrialRecord(
    String trialId,
    String family,
    String label,
    SortedMap<String, Object> params,
    String gridPoint,
    int repeat,
    long seed,
    TrialResult result,
    Optional<HalvingMark> halving,
    int epochsInherited) {

  public TrialRecord {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(gridPoint, "gridPoint");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(halving, "halving");
    if (!trialId.equals(result.trialId())) {
      throw new IllegalArgumentException("result is for trial '" + result.trialId() + "', expected '" + trialId + "'");
    }
    if (epochsInherited < 0 || epochsInherited > result.epochsRun()) {
      throw new IllegalArgumentException("epochs_inherited must be in [0, epochs_run = " + result.epochsRun()
          + "], found " + epochsInherited);
    }
    SortedMap<String, Object> canonical = new TreeMap<>();
    params.forEach((k, v) -> canonical.put(k, canonical(v)));
    params = Collections.unmodifiableSortedMap(canonical);
  }

  /** A full-grid trial's record (no halving mark). */
  public TrialRecord(String trialId, String family, String label, SortedMap<String, Object> params, String gridPoint,
      int repeat, long seed, TrialResult result) {
    this(trialId, family, label, params, gridPoint, repeat, seed, result, Optional.empty(), 0);
  }

  /** Epochs the trial trained itself: {@code epochsRun - epochsInherited}. */
  public int epochsTrained() {
    return result.epochsRun() - epochsInherited;
  }

  /** The record of a planned trial's result. */
  public static TrialRecord of(PlannedTrial trial, TrialResult result) {
    return of(trial, result, Optional.empty());
  }

  /** The record of a planned trial's result in a successive-halving sweep. */
  public static TrialRecord of(PlannedTrial trial, TrialResult result, Optional<HalvingMark> halving) {
    return of(trial, result, halving, 0);
  }

  /** The record of a planned trial's result that inherited {@code epochsInherited} epochs. */
  public static TrialRecord of(PlannedTrial trial, TrialResult result, Optional<HalvingMark> halving,
      int epochsInherited) {
    return new TrialRecord(trial.trialId(), trial.family(), trial.label(), trial.params(), trial.gridPoint(),
        trial.repeat(), trial.seed(), result, halving, epochsInherited);
  }

  /**
   * One numeric type per kind (Long, Double), so a record read back from JSON equals the one
   * written whatever integer or float types the schedule used.
   */
  static Object canonical(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(canonical(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Map<?, ?>) {
      throw new IllegalArgumentException("schedule parameters are scalars or lists, found a map: " + v);
    }
    return String.valueOf(v);
  }
}
