package dev.lrsweep.spark;

import dev.lrsweep.schedule.ScheduleRegistry;
import dev.lrsweep.trial.TrialSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The human-readable label of a trial for progress lines, e.g. {@code
 * step(drop_every=5,factor=0.5,lr0=0.01)}. The driver knows the labels (from the grid); this
 * package does not compute them beyond the {@link #schedules} fallback.
 */
@FunctionalInterface
public interface TrialLabels {
  /** Labels every trial with its id. */
  TrialLabels IDS = trialId -> trialId;

  /** The label of {@code trialId}; null or blank means "use the id". */
  String label(String trialId);

  /**
   * Labels each trial with its schedule's {@link ScheduleRegistry#label}; trials that differ only
   * in something else (seed, batch size) then share a label, so a grid that varies more should pass
   * its own.
   */
  static TrialLabels schedules(List<TrialSpec> specs) {
    Map<String, String> byId = new HashMap<>();
    for (TrialSpec spec : specs) {
      byId.put(spec.trialId(), ScheduleRegistry.label(spec.schedule()));
    }
    return byId::get;
  }
}
