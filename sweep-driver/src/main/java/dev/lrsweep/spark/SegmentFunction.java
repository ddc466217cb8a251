package dev.lrsweep.spark;

import dev.lrsweep.train.EpochListener;
import dev.lrsweep.train.Segment;
import dev.lrsweep.train.SegmentOutcome;
import dev.lrsweep.train.TrialTrainer;
import dev.lrsweep.trial.TrialSpec;
import java.io.Serializable;

/**
 * What a Spark task does with its segment: trains it (from a checkpoint or from scratch, up to
 * the segment's last epoch). Serializable because it travels inside the task. The sweep uses
 * {@link #TRAINER}; tests substitute their own bodies (to hold tasks open, throw, or report
 * accuracies) while Spark stays real.
 */
@FunctionalInterface
public interface SegmentFunction extends Serializable {
  /** The real one: {@link TrialTrainer#runSegment}. */
  SegmentFunction TRAINER = TrialTrainer::runSegment;

  SegmentOutcome run(TrialSpec spec, Segment segment, EpochListener listener);
}
