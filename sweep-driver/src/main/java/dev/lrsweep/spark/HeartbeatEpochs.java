package dev.lrsweep.spark;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple4;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The driver's side of {@link EpochAccumulator}: a listener that picks the accumulator's values
 * out of executor heartbeats and hands each epoch to {@code sink} once, in the order a task added
 * them. A heartbeat carries all of a task's epochs so far, so epochs already handed on are
 * skipped by (trial id, epoch); a task Spark retries after a lost executor starts its epochs
 * again and those are not repeated either.
 *
 * <p>Runs on Spark's listener-bus thread; {@code sink} must be quick and thread-safe (the runner
 * only enqueues).
 */
final class HeartbeatEpochs extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatEpochs.class);

  private final long accumulatorId;
  private final Consumer<TrialEpoch> sink;
  private final Set<String> seen = new HashSet<>();

  /**
   * @param accumulatorId the registered {@link EpochAccumulator}'s {@code id()}
   * @param sink told each new epoch
   */
  HeartbeatEpochs(long accumulatorId, Consumer<TrialEpoch> sink) {
    this.accumulatorId = accumulatorId;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    Seq<Tuple4<Object, Object, Object, Seq<AccumulableInfo>>> perTask = update.accumUpdates();
    for (Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task : JavaConverters.seqAsJavaList(perTask)) {
      for (AccumulableInfo info : JavaConverters.seqAsJavaList(task._4())) {
        if (info.id() == accumulatorId) {
          deliver(info.update());
        }
      }
    }
  }

  private void deliver(Option<Object> update) {
    if (update.isEmpty() || !(update.get() instanceof List<?> epochs)) {
      LOG.debug("Epoch accumulator update without a list: {}", update);
      return;
    }
    for (Object o : epochs) {
      if (o instanceof TrialEpoch e && seen.add(e.trialId() + "\u0000" + e.epoch().epoch())) {
        sink.accept(e);
      }
    }
  }
}
