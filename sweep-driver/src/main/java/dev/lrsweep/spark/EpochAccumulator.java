package dev.lrsweep.spark;

import dev.lrsweep.train.EpochListener;
import dev.lrsweep.trial.EpochRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.AccumulatorV2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel that brings each finished epoch of a running trial to the driver: a Spark
 * accumulator of {@link TrialEpoch} records that a task adds to after every epoch.
 *
 * <p>Why an accumulator reaches the driver while its task still runs (Spark 3.5,
 * {@code Executor.reportHeartBeat}): every {@code spark.executor.heartbeatInterval} the executor
 * sends, for each running task, {@code task.metrics.accumulators()} (the task's internal metrics
 * plus every user accumulator deserialized inside the task, which {@code AccumulatorV2.readObject}
 * registers with the task context), leaving out those that are still zero. On the driver,
 * {@code TaskSchedulerImpl.executorHeartbeatReceived} turns each into
 * {@code acc.toInfo(Some(acc.value), None)} and the DAG scheduler posts them as
 * {@code SparkListenerExecutorMetricsUpdate.accumUpdates}, where {@link HeartbeatEpochs} finds ours
 * by the id this accumulator got when it was registered on the driver. A task's copy starts
 * empty, so the value a heartbeat carries is that task's own epochs so far.
 *
 * <p>Thread safety: the task thread adds while the heartbeat thread serializes (or, in local mode,
 * reads {@link #value()} of the same object), so every access is synchronized and {@link #value()}
 * returns a copy.
 */
public final class EpochAccumulator extends AccumulatorV2<TrialEpoch, List<TrialEpoch>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EpochAccumulator.class);

  /** The name it is registered under (shown in the Spark UI's task table). */
  public static final String NAME = "lrsweep epochs";

  private final ArrayList<TrialEpoch> epochs = new ArrayList<>();

  @Override
  public synchronized boolean isZero() {
    return epochs.isEmpty();
  }

  @Override
  public synchronized EpochAccumulator copy() {
    EpochAccumulator c = new EpochAccumulator();
    c.epochs.addAll(epochs);
    return c;
  }

  @Override
  public synchronized void reset() {
    epochs.clear();
  }

  @Override
  public synchronized void add(TrialEpoch epoch) {
    epochs.add(epoch);
  }

  @Override
  public void merge(AccumulatorV2<TrialEpoch, List<TrialEpoch>> other) {
    List<TrialEpoch> theirs = other.value();
    synchronized (this) {
      epochs.addAll(theirs);
    }
  }

  @Override
  public synchronized List<TrialEpoch> value() {
    return List.copyOf(epochs);
  }

  /**
   * What a task tells after each epoch of its trial: an INFO line in the executor's log, counted
   * from 1 as people count epochs, and the record added to this accumulator under {@code key}.
   *
   * @param key the name the driver knows the task's work by (the trial id for a whole trial)
   * @param totalEpochs the trial's epochs, for the log line
   */
  public EpochListener publisher(String key, int totalEpochs) {
    return (trialId, record) -> {
      LOG.info("Trial {} epoch {}/{}: lr {}, test loss {}, test acc {}, {} s", trialId,
          record.epoch() + 1, totalEpochs, record.learningRate(), record.testLoss(),
          record.testAccuracy(), String.format(java.util.Locale.ROOT, "%.1f", record.seconds()));
      add(new TrialEpoch(key, record));
    };
  }

  /** Serialized by the heartbeat thread while the task thread may add: hold the lock. */
  private synchronized void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
  }

  /** For tests: the records of one trial, in the order added. */
  synchronized List<EpochRecord> of(String trialId) {
    return epochs.stream().filter(e -> e.trialId().equals(trialId)).map(TrialEpoch::epoch).toList();
  }
}
