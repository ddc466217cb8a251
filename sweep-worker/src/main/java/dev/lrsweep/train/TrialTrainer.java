package dev.lrsweep.train;

import dev.lrsweep.data.Batch;
import dev.lrsweep.data.Batches;
import dev.lrsweep.data.CifarCache;
import dev.lrsweep.data.CifarDataset;
import dev.lrsweep.data.CifarSplit;
import dev.lrsweep.eval.ConfusionMatrix;
import dev.lrsweep.model.MiniVgg;
import dev.lrsweep.model.MiniVggConfig;
import dev.lrsweep.trial.ClassReport;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialSpec;
import dev.lrsweep.trial.TrialStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one trial: loads (or reuses) the dataset, builds MiniVGG, trains it under the trial's
 * schedule and evaluates it after every epoch.
 *
 * <p>The loop: for each epoch, the training subset in an order shuffled from {@code (seed,
 * epoch)}; per batch a training-mode forward/backward pass ({@link MiniVgg#trainStep}) and one
 * updater step with ND4J's {@code Nesterovs} (or {@code Sgd}) whose rate is the trial's schedule
 * at ND4J's (iteration, epoch) counters, both counted here from 0 (iteration over the whole
 * trial, as Keras's optimizer iterations); then the test subset in inference mode. The rate of
 * each epoch's first iteration is logged ("epoch 4: learning rate 0.001", as Keras's
 * {@code LearningRateScheduler(verbose=1)} does) and recorded.
 *
 * <p>Divergence: a trial stops as {@link TrialStatus#DIVERGED} when a training batch's loss is
 * NaN or infinite (at once, in that epoch), or when an epoch's mean training loss exceeds
 * {@link #EXPLODING_LOSS}, four times the loss of a uniform guess over 10 classes (ln 10 =
 * 2.30): a network that far above chance has left the region where training recovers.
 *
 * <p>Determinism: the same spec on the same machine and thread count gives the same result;
 * initialisation, shuffling and dropout draw from generators seeded by the trial seed, and the
 * native ops used are deterministic at a fixed thread count (see docs/BENCHMARKS.md).
 */
public final class TrialTrainer {
  /** Mean training loss of an epoch above which a trial counts as diverged: 4 ln 10. */
  public static final double EXPLODING_LOSS = 4 * Math.log(10);

  private static final Logger LOG = LoggerFactory.getLogger(TrialTrainer.class);

  private TrialTrainer() {}

  /**
   * Trains and evaluates one trial. Never throws: an exception becomes a FAILED result with its
   * message, a NaN or exploding loss a DIVERGED one.
   */
  public static TrialResult run(TrialSpec spec, EpochListener listener) {
    long start = System.nanoTime();
    String startedAt = Instant.now().toString();
    String previousMdc = MDC.get("trial");
    MDC.put("trial", spec.trialId());
    Run run = new Run(spec, listener);
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
    return run.result((System.nanoTime() - start) / 1e9, ProvenanceInfo.collect(spec, startedAt));
  }

  public static TrialResult run(TrialSpec spec) {
    return run(spec, EpochListener.NONE);
  }

  /** The mutable state of one running trial. */
  private static final class Run {
    final TrialSpec spec;
    final EpochListener listener;
    final List<EpochRecord> history = new ArrayList<>();
    TrialStatus status = TrialStatus.COMPLETED;
    String message = "";
    ClassReport report;
    double trainSeconds;
    long trainImages;

    Run(TrialSpec spec, EpochListener listener) {
      this.spec = spec;
      this.listener = listener;
    }

    void execute() {
      long loadStart = System.nanoTime();
      CifarDataset data = CifarCache.get(spec.data().location());
      CifarSplit train = data.train().balancedSubset(spec.data().trainLimit(), spec.data().subsetSeed());
      CifarSplit test = data.test().balancedSubset(spec.data().testLimit(), spec.data().subsetSeed());
      LOG.info("{} training and {} test images ready in {} s", train.size(), test.size(),
          String.format("%.1f", (System.nanoTime() - loadStart) / 1e9));

      SplittableRandom seeds = new SplittableRandom(spec.seed());
      long initSeed = seeds.nextLong();
      SplittableRandom dropout = seeds.split();
      int iteration = 0;
      try (MiniVgg net = new MiniVgg(MiniVggConfig.article(), spec.batchSize(), initSeed)) {
        Updaters.Step step = Updaters.create(spec.optimizer(), spec.schedule(), net.params());
        for (int epoch = 0; epoch < spec.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          double lr = step.learningRate(iteration, epoch);
          LOG.info("epoch {}: learning rate {}", epoch, lr);

          double lossSum = 0;
          long correct = 0;
          long seen = 0;
          boolean nonFinite = false;
          Iterator<Batch> batches = Batches.shuffled(train, spec.batchSize(), spec.seed(), epoch);
          while (batches.hasNext()) {
            Batch b = batches.next();
            MiniVgg.BatchOutcome out = net.trainStep(b.features(), b.labels(), b.size(), dropout);
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
            testLoss = evaluate(net, test, cm);
            testAcc = cm.accuracy();
            report = cm.report();
          }
          EpochRecord record = new EpochRecord(epoch, lr, trainLoss, trainAcc, testLoss, testAcc,
              (System.nanoTime() - epochStart) / 1e9);
          history.add(record);
          LOG.info("epoch {}: train loss {} acc {}, test loss {} acc {}, {} images/s", epoch,
              fmt(trainLoss), fmt(trainAcc), fmt(testLoss), fmt(testAcc),
              String.format("%.0f", seen / trainTime));
          tell(record);
          if (nonFinite || trainLoss > EXPLODING_LOSS) {
            status = TrialStatus.DIVERGED;
            message = (nonFinite
                ? "training loss became " + lossSum / seen
                : "mean training loss " + fmt(trainLoss) + " exceeded " + fmt(EXPLODING_LOSS)
                    + " (4 ln 10)")
                + " in epoch " + epoch + " at learning rate " + lr;
            LOG.warn("trial diverged: {}", message);
            return;
          }
        }
      }
    }

    /** Inference-mode pass over {@code test}: mean loss; predictions go into {@code cm}. */
    private double evaluate(MiniVgg net, CifarSplit test, ConfusionMatrix cm) {
      Iterator<Batch> batches = Batches.inOrder(test, spec.batchSize());
      int[] predicted = new int[spec.batchSize()];
      double loss = 0;
      long seen = 0;
      while (batches.hasNext()) {
        Batch b = batches.next();
        loss += net.evaluate(b.features(), b.labels(), b.size(), predicted).lossSum();
        cm.addAll(b.labels(), predicted, b.size());
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
          bestEpoch, report, throughput, seconds, provenance);
    }
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
