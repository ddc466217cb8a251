package dev.lrsweep.spark;

import dev.lrsweep.train.Checkpoint;
import dev.lrsweep.train.Segment;
import dev.lrsweep.train.SegmentOutcome;
import dev.lrsweep.trial.TrialSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor side of one successive-halving rung: partition {@code i} trains segment {@code i}.
 *
 * <p>The specs and rung epochs travel in this object (the task closure, broadcast once per
 * executor); each trial's checkpoint travels as the one element of its partition of the RDD, so
 * it goes to exactly the executor that resumes it rather than to every executor. The checkpoint
 * after the segment comes back inside the task result. Nothing needs a file system every
 * executor can reach (see docs/HALVING.md for the choice).
 */
final class SegmentTask implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SegmentTask.class);

  private final ArrayList<TrialSpec> specs;
  private final int[] untilEpochs;
  private final DataShipping shipping;
  private final SegmentFunction body;
  private final EpochAccumulator epochs;

  /** A task whose epochs go nowhere but the executor's log (tests). */
  SegmentTask(List<SegmentRequest> requests, DataShipping shipping, SegmentFunction body) {
    this(requests, shipping, body, new EpochAccumulator());
  }

  /** @param epochs the run's registered accumulator, as in {@link TrialTask} */
  SegmentTask(List<SegmentRequest> requests, DataShipping shipping, SegmentFunction body,
      EpochAccumulator epochs) {
    this.epochs = epochs;
    this.specs = new ArrayList<>();
    this.untilEpochs = new int[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      specs.add(requests.get(i).spec());
      untilEpochs[i] = requests.get(i).untilEpoch();
    }
    this.shipping = shipping;
    this.body = body;
  }

  /** A partition's work: its checkpoint bytes in (empty: from scratch), the serialized result out. */
  byte[] runPartition(scala.collection.Iterator<byte[]> checkpoints) {
    int index = TaskContext.getPartitionId();
    if (!checkpoints.hasNext()) {
      throw new IllegalStateException("a rung partition must hold one checkpoint (maybe empty), found none");
    }
    byte[] bytes = checkpoints.next();
    return serialize(run(index, bytes));
  }

  /** Runs segment {@code index}; anything it throws becomes a FAILED result, as in {@link TrialTask}. */
  SegmentResult run(int index, byte[] checkpointBytes) {
    TrialSpec spec = specs.get(index);
    // the epoch the segment starts at, known once the checkpoint is read; a failure reports it
    int[] startEpoch = {0};
    return TrialTask.isolated(
        spec,
        attempt -> {
          Optional<Checkpoint> from = Optional.empty();
          double readSeconds = 0;
          if (checkpointBytes.length > 0) {
            long r0 = System.nanoTime();
            from = Optional.of(Checkpoint.fromBytes(checkpointBytes));
            readSeconds = (System.nanoTime() - r0) / 1e9;
            startEpoch[0] = from.get().epoch();
          }
          SegmentOutcome outcome = body.run(TrialTask.placeData(spec, shipping),
              new Segment(from, untilEpochs[index]), epochs.publisher(spec.epochs()));
          if (outcome == null || outcome.result() == null) {
            return new SegmentResult(attempt.failed("the trainer returned no result"),
                startEpoch[0], new byte[0], readSeconds, 0);
          }
          long w0 = System.nanoTime();
          byte[] out = outcome.checkpoint().map(Checkpoint::toBytes).orElse(new byte[0]);
          double writeSeconds = (System.nanoTime() - w0) / 1e9;
          LOG.info("Trial {} epochs {} to {}: {}{}", spec.trialId(), startEpoch[0] + 1, untilEpochs[index],
              outcome.result().status(), out.length > 0 ? ", checkpoint " + out.length + " bytes" : "");
          return new SegmentResult(outcome.result(), startEpoch[0], out, readSeconds, writeSeconds);
        },
        failed -> new SegmentResult(failed, startEpoch[0], new byte[0], 0, 0));
  }

  static byte[] serialize(SegmentResult result) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(result.checkpoint().length + 65_536);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(result);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize the result of trial " + result.result().trialId(), e);
    }
    return bytes.toByteArray();
  }

  static SegmentResult deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (SegmentResult) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read a rung result sent by an executor", e);
    }
  }
}
