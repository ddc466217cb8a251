package dev.lrsweep.store;

/**
 * Where a trial of a successive-halving sweep ended, written with its {@code results.jsonl} line
 * as {@code "halving": {"rung": 1, "rungs": 3, "rung_epoch": 10, "epochs": 40,
 * "resumed_from_epoch": 5}}.
 *
 * @param rung 0-based index of the rung the trial reached: the last rung it finished (COMPLETED
 *     at the last rung, STOPPED at an earlier one), or the rung it was training for when it
 *     diverged or failed
 * @param rungs how many rungs the sweep has
 * @param rungEpoch the epoch count of that rung
 * @param epochs the sweep's training.epochs (the last rung's epoch count): what a full grid
 *     trains every trial for
 * @param resumedFromEpoch the epoch its last segment started from: 0 when it trained from
 *     scratch, else the epoch of the checkpoint it resumed from
 */
public record HalvingMark(int rung, int rungs, int rungEpoch, int epochs, int resumedFromEpoch) {
  public HalvingMark {
    if (rungs < 1 || rung < 0 || rung >= rungs) {
      throw new IllegalArgumentException("rung must be in [0, " + rungs + "), found " + rung);
    }
    if (rungEpoch > epochs) {
      throw new IllegalArgumentException("rung_epoch must be at most epochs = " + epochs + ", found " + rungEpoch);
    }
    if (rungEpoch < 1 || resumedFromEpoch < 0 || resumedFromEpoch >= rungEpoch) {
      throw new IllegalArgumentException("resumed_from_epoch must be in [0, rung_epoch = " + rungEpoch
          + "), found " + resumedFromEpoch);
    }
  }
}
