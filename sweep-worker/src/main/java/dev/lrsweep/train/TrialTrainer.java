package dev.lrsweep.train;

import dev.lrsweep.data.Batch;
import dev.lrsweep.data.Batches;
import dev.lrsweep.data.DatasetCache;
import dev.lrsweep.data.ImageDataset;
import dev.lrsweep.data.ImageSplit;
import dev.lrsweep.eval.ConfusionMatrix;
import dev.lrsweep.model.Model;
import dev.lrsweep.model.ModelRegistry;
import dev.lrsweep.optim.Optimizer;
import dev.lrsweep.trial.ClassReport;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one trial: loads (or reuses) the trial's dataset, builds its model, trains it with its
 * optimizer under its schedule and evaluates it after every epoch. The three come from their
 * registries by name ({@code DatasetRegistry}, {@link ModelRegistry}, {@code OptimizerRegistry});
 * nothing here depends on which they are.
 *
 * <p>The loop: for each epoch, the training subset in an order shuffled from {@code (seed,
 * epoch)}; per batch a training-mode forward/backward pass ({@link Model#trainStep}) and one
 * optimizer step ({@link Optimizer.Step}) whose rate is the trial's schedule at the (iteration,
 * epoch) counters, both counted here from 0 (iteration over the whole
 * trial, as Keras's optimizer iterations); then the test subset in inference mode. The rate of
 * each epoch's first iteration is logged as Keras's {@code LearningRateScheduler(verbose=1)}
 * prints it, counting epochs from 1 ("Epoch 4: LearningRateScheduler setting learning rate to
 * 0.001.") and recorded ({@link EpochRecord#epoch()} is the 0-based index).
 *
 * <p>Divergence: a trial stops as {@link TrialStatus#DIVERGED} when a training batch's loss is
 * NaN or infinite (at once, in that epoch), or when an epoch's mean training loss exceeds
 * {@link #explodingLoss} of the dataset's class count, four times the loss of a uniform guess
 * (ln 10 = 2.30 for 10 classes): a network that far above chance has left the region where
 * training recovers.
 *
 * <p>Determinism: the same spec on the same machine and thread count gives the same result;
 * initialisation, shuffling and dropout draw from generators seeded by the trial seed, and the
 * native ops used are deterministic at a fixed thread count (see docs/ENGINE.md).
 *
 * <p>Segments ({@link #runSegment}): a trial can stop after any epoch with a {@link Checkpoint}
 * and go on later from it, giving bit for bit the trial it would have been without stopping.
 * That holds because the generators are pure functions of (seed, epoch): the shuffling is
 * {@code Batches.shuffled(split, batch, seed, epoch)} and each epoch's dropout masks come from a
 * generator seeded from the trial seed and the epoch, not from one stream running through the
 * whole trial; everything else that carries over (parameters, the optimizer's whole state,
 * BatchNorm running statistics, iteration counter) is in the checkpoint.
 */
public final class TrialTrainer {
  /** Mean training loss of an epoch above which a trial counts as diverged: 4 ln 10 (10 classes). */
  public static final double EXPLODING_LOSS = explodingLoss(10);

  /** The divergence threshold for {@code classes} classes: 4 ln(classes). */
  public static double explodingLoss(int classes) {
    return 4 * Math.log(classes);
  }

  private static final Logger LOG = LoggerFactory.getLogger(TrialTrainer.class);

  private TrialTrainer() {}

  /**
   * Trains and evaluates one trial. Never throws: an exception becomes a FAILED result with its
   * message, a NaN or exploding loss a DIVERGED one.
   */
  public static TrialResult run(TrialSpec spec, EpochListener listener) {
    return runSegment(spec, Segment.whole(spec.epochs()), listener).result();
  }

  /**
   * Trains one segment of a trial: restores {@code segment.from()} (if any), trains its epochs up
   * to {@code segment.untilEpoch()} and returns the trial so far with a checkpoint to go on from.
   * Never throws, as {@link #run}; a checkpoint of another trial, or a segment past the spec's
   * epochs, gives a FAILED result.
   */
  public static SegmentOutcome runSegment(TrialSpec spec, Segment segment, EpochListener listener) {
    long start = System.nanoTime();
    String startedAt = Instant.now().toString();
    String previousMdc = MDC.get("trial");
    MDC.put("trial", spec.trialId());
    Run run = new Run(spec, listener, segment);
    try {
      NativeThreads.useOnCurrentThread(spec.threads());
      run.execute();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      LOG.warn("trial {} failed", spec.trialId(), e);
      run.status = TrialStatus.FAILED;
      run.message = e.getClass().getSimpleName() + ": " + e.getMessage();
    } finally {
      if (previousMdc == null) {
        MDC.remove("trial");
      } else {
        MDC.put("trial", previousMdc);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    TrialResult result = run.result(seconds, ProvenanceInfo.collect(spec, startedAt));
    return new SegmentOutcome(result, Optional.ofNullable(run.checkpoint));
  }

  public static TrialResult run(TrialSpec spec) {
    return run(spec, EpochListener.NONE);
  }

  /** The mutable state of one running trial. */
  private static final class Run {
    final TrialSpec spec;
    final EpochListener listener;
    final Segment segment;
    final List<EpochRecord> history = new ArrayList<>();
    Checkpoint checkpoint;
    double earlierSeconds;
    final long segmentStart = System.nanoTime();
    TrialStatus status = TrialStatus.COMPLETED;
    String message = "";
    ClassReport report;
    double trainSeconds;
    long trainImages;

    Run(TrialSpec spec, EpochListener listener, Segment segment) {
      this.spec = spec;
      this.listener = listener;
      this.segment = segment;
    }

    void execute() {
      if (segment.untilEpoch() > spec.epochs()) {
        throw new IllegalArgumentException("segment until epoch " + segment.untilEpoch()
            + " is past the trial's " + spec.epochs() + " epochs");
      }
      segment.from().ifPresent(this::adopt);
      long loadStart = System.nanoTime();
      ImageDataset data = DatasetCache.get(spec.data().format(), spec.data().location());
      ImageSplit train = data.train().balancedSubset(spec.data().trainLimit(), spec.data().subsetSeed());
      ImageSplit test = data.test().balancedSubset(spec.data().testLimit(), spec.data().subsetSeed());
      LOG.info("{} training and {} test images ready in {} s", train.size(), test.size(),
          String.format("%.1f", (System.nanoTime() - loadStart) / 1e9));

      SplittableRandom seeds = new SplittableRandom(spec.seed());
      long initSeed = seeds.nextLong();
      long dropoutSeed = seeds.nextLong();
      int iteration = 0;
      double exploding = explodingLoss(data.classes());
      try (Model net = ModelRegistry.get(spec.model()).create(data.shape(), data.classes(), spec.batchSize(), initSeed)) {
        Optimizer.Step step = spec.optimizer().start(spec.schedule(), net.params());
        if (segment.from().isPresent()) {
          Checkpoint from = segment.from().get();
          restore(net, step, from);
          iteration = from.iteration();
          LOG.info("resumed from checkpoint at epoch {} (iteration {})", from.epoch(), iteration);
        }
        for (int epoch = segment.startEpoch(); epoch < segment.untilEpoch(); epoch++) {
          // One generator per epoch, a pure function of (seed, epoch), so that a trial resumed
          // from a checkpoint draws the masks it would have drawn without stopping.
          SplittableRandom dropout = new SplittableRandom(epochSeed(dropoutSeed, epoch));
          long epochStart = System.nanoTime();
          double lr = step.learningRate(iteration, epoch);
          // people count epochs from 1, as Keras prints them; the schedule's counters stay 0-based
          LOG.info("Epoch {}: LearningRateScheduler setting learning rate to {}.", epoch + 1, lr);

          double lossSum = 0;
          long correct = 0;
          long seen = 0;
          boolean nonFinite = false;
          Iterator<Batch> batches = Batches.shuffled(train, spec.batchSize(), spec.seed(), epoch);
          while (batches.hasNext()) {
            Batch b = batches.next();
            Model.Outcome out = net.trainStep(b.features(), b.labels(), b.size(), dropout);
            lossSum += out.lossSum();
            correct += out.correct();
            seen += b.size();
            if (!Double.isFinite(out.lossSum())) {
              nonFinite = true;
              break;
            }
            step.apply(net.gradients(), iteration, epoch);
            net.params().subi(net.gradients());
            iteration++;
          }
          double trainTime = (System.nanoTime() - epochStart) / 1e9;
          trainSeconds += trainTime;
          trainImages += seen;
          double trainLoss = lossSum / seen;
          double trainAcc = (double) correct / seen;

          double testLoss = Double.NaN;
          double testAcc = Double.NaN;
          if (!nonFinite) {
            ConfusionMatrix cm = new ConfusionMatrix(data.classNames());
            byte[] labels = new byte[test.size()];
            byte[] predictions = new byte[test.size()];
            testLoss = evaluate(net, test, cm, labels, predictions);
            testAcc = cm.accuracy();
            report = cm.report(labels, predictions);
          }
          EpochRecord record = new EpochRecord(epoch, lr, trainLoss, trainAcc, testLoss, testAcc,
              (System.nanoTime() - epochStart) / 1e9);
          history.add(record);
          LOG.info("Epoch {}/{}: train loss {} acc {}, test loss {} acc {}, {} images/s", epoch + 1, spec.epochs(),
              fmt(trainLoss), fmt(trainAcc), fmt(testLoss), fmt(testAcc),
              String.format("%.0f", seen / trainTime));
          tell(record);
          if (nonFinite || trainLoss > exploding) {
            status = TrialStatus.DIVERGED;
            message = (nonFinite
                ? "training loss became " + lossSum / seen
                : "mean training loss " + fmt(trainLoss) + " exceeded " + fmt(exploding)
                    + " (4 ln " + data.classes() + ")")
                + " in epoch " + (epoch + 1) + " at learning rate " + lr;
            LOG.warn("trial diverged: {}", message);
            return;
          }
        }
        if (segment.untilEpoch() < spec.epochs()) {
          checkpoint = save(net, step, iteration);
        }
      }
    }

    /**
     * Takes over a checkpoint's history and counters, after checking it is this trial's, or, for an
     * inherited prefix, another trial's with this seed whose recorded rates (each epoch's first
     * iteration) are this trial's schedule's: the driver compares every iteration, this catches a
     * plan that went wrong.
     */
    private void adopt(Checkpoint from) {
      boolean sameTrial = from.trialId().equals(spec.trialId());
      if (from.seed() != spec.seed() || (!sameTrial && !segment.inherited())) {
        throw new IllegalArgumentException("checkpoint of trial " + from.trialId() + " (seed " + from.seed()
            + ") cannot resume trial " + spec.trialId() + " (seed " + spec.seed() + ")");
      }
      if (!sameTrial) {
        int perEpoch = from.iteration() / from.epoch();
        for (EpochRecord e : from.history()) {
          double mine = spec.schedule().lr((long) e.epoch() * perEpoch, e.epoch());
          if (Double.doubleToLongBits(mine) != Double.doubleToLongBits(e.learningRate())) {
            throw new IllegalArgumentException("checkpoint of trial " + from.trialId() + " cannot be inherited by "
                + spec.trialId() + ": their learning rates differ in epoch " + (e.epoch() + 1) + " (" + e.learningRate()
                + " vs " + mine + ")");
          }
        }
      }
      history.addAll(from.history());
      trainSeconds = from.trainSeconds();
      trainImages = from.trainImages();
      earlierSeconds = from.seconds();
    }

    private void restore(Model net, Optimizer.Step step, Checkpoint from) {
      if (from.params().length != net.numParams()) {
        throw new IllegalArgumentException("checkpoint has " + from.params().length
            + " parameters, this network " + net.numParams());
      }
      net.params().data().asNioFloat().put(0, from.params(), 0, from.params().length);
      step.restoreState(from.updaterState());
      net.restoreRunningStatistics(from.runningMeans(), from.runningVariances());
    }

    private Checkpoint save(Model net, Optimizer.Step step, int iteration) {
      float[] params = net.params().data().asFloat();
      float[] state = step.saveState();
      return new Checkpoint(spec.trialId(), spec.seed(), history.size(), iteration, params, state,
          net.runningMeans(), net.runningVariances(), history, trainSeconds, trainImages,
          earlierSeconds + (System.nanoTime() - segmentStart) / 1e9);
    }

    /**
     * Inference-mode pass over {@code test}, in the split's order: mean loss; predictions go into
     * {@code cm}, and, image by image, into {@code labels} and {@code predictions}.
     */
    private double evaluate(Model net, ImageSplit test, ConfusionMatrix cm, byte[] labels, byte[] predictions) {
      Iterator<Batch> batches = Batches.inOrder(test, spec.batchSize());
      int[] predicted = new int[spec.batchSize()];
      double loss = 0;
      int seen = 0;
      while (batches.hasNext()) {
        Batch b = batches.next();
        loss += net.evaluate(b.features(), b.labels(), b.size(), predicted).lossSum();
        cm.addAll(b.labels(), predicted, b.size());
        for (int i = 0; i < b.size(); i++) {
          labels[seen + i] = (byte) b.labels()[i];
          predictions[seen + i] = (byte) predicted[i];
        }
        seen += b.size();
      }
      return loss / seen;
    }

    private void tell(EpochRecord record) {
      try {
        listener.epochDone(spec.trialId(), record);
      } catch (RuntimeException e) {
        LOG.warn("epoch listener threw; ignored", e);
      }
    }

    TrialResult result(double seconds, dev.lrsweep.trial.Provenance provenance) {
      double finalAcc = Double.NaN;
      double finalLoss = Double.NaN;
      double best = Double.NaN;
      int bestEpoch = -1;
      for (EpochRecord r : history) {
        finalAcc = r.testAccuracy();
        finalLoss = r.testLoss();
        if (!Double.isNaN(r.testAccuracy()) && (bestEpoch < 0 || r.testAccuracy() > best)) {
          best = r.testAccuracy();
          bestEpoch = r.epoch();
        }
      }
      double throughput = trainSeconds > 0 ? trainImages / trainSeconds : 0;
      return new TrialResult(spec.trialId(), status, message, history, finalAcc, finalLoss, best,
          bestEpoch, report, throughput, earlierSeconds + seconds, provenance);
    }
  }

  /** The dropout generator's seed for one epoch: the base seed mixed with the epoch. */
  static long epochSeed(long base, int epoch) {
    // Stafford's mix13 (SplittableRandom's finalizer) of a golden-ratio multiple of epoch + 1,
    // so neighbouring epochs get unrelated generators.
    long z = 0x9E3779B97F4A7C15L * (epoch + 1L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return base ^ z ^ (z >>> 31);
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
