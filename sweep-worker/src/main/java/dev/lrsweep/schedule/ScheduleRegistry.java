package dev.lrsweep.schedule;

import java.util.List;
import java.util.Map;

/**
 * Builds schedules by family name.
 *
 * <p>CONTRACT STUB: the schedule work implements this class; the method signatures are fixed.
 */
public final class ScheduleRegistry {
  private ScheduleRegistry() {}

  /** The valid family names, sorted. */
  public static List<String> families() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Builds a schedule of {@code family} from snake_case parameters. Values may be Numbers,
   * Booleans, Strings (parsed: "0.5", "true", "epoch", "3,5" for lists) or Lists of those;
   * parameters left out take their defaults.
   *
   * @throws InvalidScheduleException for an unknown family (the message lists the valid ones),
   *     an unknown or missing parameter, or a value that breaks a rule
   */
  public static Schedule create(String family, Map<String, ?> params) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
