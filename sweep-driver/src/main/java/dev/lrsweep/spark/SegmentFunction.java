package dev.lrsweep.spark;

import dev.lrsweep.train.EpochListener;
import dev.lrsweep.train.Segment;
import dev.lrsweep.train.SegmentOutcome;
import dev.lrsweep.train.TrialTrainer;
import dev.lrsweep.trial.TrialSpec;
import java.io.Serializable;

/**
 * What a Spark task of a successive-halving rung does: trains one segment of a trial (from a
 * checkpoint or from scratch, up to the rung's epoch). Serializable because it travels inside
 * the task; tests may substitute their own while Spark stays real.
 */
@FunctionalInterface
public interface SegmentFunction extends Serializable {
  /** The real one: {@link TrialTrainer#runSegment}. */
  SegmentFunction TRAINER = TrialTrainer::runSegment;

  SegmentOutcome run(TrialSpec spec, Segment segment, EpochListener listener);
}
