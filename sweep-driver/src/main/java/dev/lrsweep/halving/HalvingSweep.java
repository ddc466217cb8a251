package dev.lrsweep.halving;

import dev.lrsweep.config.HalvingConfig;
import dev.lrsweep.grid.PlannedTrial;
import dev.lrsweep.exec.ForestRun;
import dev.lrsweep.exec.ForkStore;
import dev.lrsweep.exec.Node;
import dev.lrsweep.exec.PrefixForest;
import dev.lrsweep.spark.SegmentResult;
import dev.lrsweep.spark.TrialEpoch;
import dev.lrsweep.store.HalvingMark;
import dev.lrsweep.store.ResultStore;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous successive halving over a sweep's trials, one Spark job per rung.
 *
 * <p>Rung k: every trial that entered it trains from its checkpoint after rung k-1 (from scratch
 * at rung 0) up to the rung's epoch, as a {@link ForestRun} (with prefix sharing, trials of a rung
 * that start alike and share rates train those epochs once); the driver writes each returned checkpoint to {@code
 * OUT/checkpoints/<trial>/rung-<k>.ckpt} and a line to {@link RungLog}; when all are in, {@link
 * Promotion} keeps the best; the others get a STOPPED line in {@code results.jsonl}. Trials that
 * diverge or fail get their terminal line at once. After the last rung, the survivors get
 * COMPLETED lines. Each trial's {@code results.jsonl} line is written once, at its terminal state.
 *
 * <p>Resume: a rerun reads {@link RungLog} and {@code results.jsonl}, recomputes each rung's
 * decision from the stored results (the decision is a pure function of them), and runs only the
 * segments whose rung line is missing, from the checkpoint of the rung before (or from scratch if
 * that file is gone, which gives the same trial, only slower).
 */
public final class HalvingSweep {
  private static final Logger LOG = LoggerFactory.getLogger(HalvingSweep.class);

  /**
   * What one rung did in this run.
   *
   * @param rung the rung index
   * @param epochs the rung's epoch count
   * @param entered trials that entered the rung
   * @param ran segments trained in this run (with prefix sharing one segment may train several
   *     trials; the rest were in the rung log already)
   * @param survivors trials that go on (for the last rung: that completed)
   * @param epochsTrained epochs trained in this run at this rung
   * @param checkpointBytes checkpoint bytes that came back to the driver in this run
   * @param checkpointSeconds time spent encoding, decoding (executors) and writing (driver)
   *     checkpoints in this run at this rung
   * @param seconds wall time of the rung in this run
   */
  public record RungSummary(int rung, int epochs, int entered, int ran, int survivors, long epochsTrained,
      long checkpointBytes, double checkpointSeconds, double seconds) {}

  private final List<PlannedTrial> trials;
  private final HalvingConfig config;
  private final ResultStore store;
  private final PrintStream console;
  private final boolean retryFailed;
  private final Function<PlannedTrial, String> labels;
  private final int stepsPerEpoch;
  private final boolean share;
  /** Driver time spent writing this rung's checkpoints to the rung log (one run, one rung). */
  private double writeSeconds;

  /**
   * @param trials every trial of the plan (a halving sweep decides over all of them, also on resume)
   * @param labels progress label of each trial
   * @param stepsPerEpoch iterations per epoch, for prefix sharing
   * @param share whether trials of a rung train the epochs they share once (prefix sharing)
   */
  public HalvingSweep(List<PlannedTrial> trials, HalvingConfig config, ResultStore store, PrintStream console,
      boolean retryFailed, Function<PlannedTrial, String> labels, int stepsPerEpoch, boolean share) {
    this.trials = List.copyOf(trials);
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.console = Objects.requireNonNull(console, "console");
    this.retryFailed = retryFailed;
    this.labels = Objects.requireNonNull(labels, "labels");
    this.stepsPerEpoch = stepsPerEpoch;
    this.share = share;
  }

  /** Runs (or resumes) every rung; returns what each rung did in this run. */
  public List<RungSummary> run(ForestRun.Segments runner, Consumer<TrialEpoch> epochs) throws IOException {
    List<RungSummary> summaries = new ArrayList<>();
    Map<String, TrialRecord> terminal = new HashMap<>();
    for (TrialRecord r : store.results().latest()) {
      terminal.put(r.trialId(), r);
    }
    try (RungLog log = RungLog.open(store.outputDir())) {
      List<PlannedTrial> entered = new ArrayList<>(trials);
      for (int k = 0; k <= config.lastRung() && !entered.isEmpty(); k++) {
        long rungStart = System.nanoTime();
        int rung = k;
        int until = config.epochs(k);
        Map<String, PlannedTrial> byId = new LinkedHashMap<>();
        java.util.Set<String> todo = new java.util.HashSet<>();
        for (PlannedTrial t : entered) {
          byId.put(t.trialId(), t);
          if (log.entry(k, t.trialId()).isPresent()) {
            continue; // finished this rung in an earlier run
          }
          TrialRecord end = terminal.get(t.trialId());
          if (end != null && end.halving().map(h -> h.rung() == rung).orElse(false)
              && (end.result().status() == TrialStatus.DIVERGED
                  || (end.result().status() == TrialStatus.FAILED && !retryFailed))) {
            continue; // ended during this rung in an earlier run
          }
          todo.add(t.trialId());
        }
        writeSeconds = 0;
        console.printf(Locale.ROOT, "rung %d/%d: %d trials to epoch %d (%d already done)%n", k + 1,
            config.rungs().size(), entered.size(), until, entered.size() - todo.size());
        int from = k == 0 ? 0 : config.epochs(k - 1);
        List<Node> forest = PrefixForest.build(entered, from, t -> until, stepsPerEpoch, share,
            t -> todo.contains(t.trialId()));
        ForestRun.Summary done = new ForestRun(forest, new ForkStore(store.outputDir()), t -> todo.contains(t.trialId()),
            share).run(runner, root -> start(log, root, rung), t -> "[rung " + (rung + 1) + "] " + labels.apply(t),
            (t, result, checkpoint, inherited) -> record(log, t, rung, from, result, checkpoint,
                inheritedBefore(log, t, rung) + inherited, terminal),
            epochs);

        List<TrialResult> finished = new ArrayList<>();
        for (PlannedTrial t : entered) {
          log.entry(k, t.trialId()).ifPresent(e -> finished.add(e.record().result()));
        }
        Promotion.Decision decision = Promotion.decide(config, entered.size(), finished);
        List<PlannedTrial> next = new ArrayList<>();
        for (TrialResult r : decision.survivors()) {
          next.add(byId.get(r.trialId()));
        }
        if (k == config.lastRung()) {
          for (TrialResult r : finished) {
            finish(log, byId.get(r.trialId()), k, r, terminal, Optional.empty());
          }
        } else {
          for (TrialResult r : decision.stopped()) {
            finish(log, byId.get(r.trialId()), k, r, terminal, Optional.of(decision));
          }
          for (TrialResult r : decision.survivors()) {
            log.deleteCheckpoints(r.trialId(), k, config.rungs().size());
          }
        }
        if (k < config.lastRung()) {
          console.printf(Locale.ROOT, "rung %d/%d: %d of %d go on to epoch %d: %s%n", k + 1, config.rungs().size(),
              next.size(), entered.size(), config.epochs(k + 1),
              String.join(", ", next.stream().map(labels).toList()));
        }
        summaries.add(new RungSummary(k, until, entered.size(), done.segments(),
            k == config.lastRung() ? finished.size() : next.size(), done.epochsTrained(), done.checkpointBytes(),
            done.checkpointSeconds() + writeSeconds,
            (System.nanoTime() - rungStart) / 1e9));
        entered = next;
      }
    }
    return summaries;
  }

  /**
   * Where a group of rung k starts: the checkpoint after rung k-1 of its first member that has one
   * (the members share one state), or from scratch when none is left (the same trials, only slower).
   */
  private byte[] start(RungLog log, Node root, int k) {
    if (k == 0) {
      return new byte[0];
    }
    for (PlannedTrial t : root.members()) {
      Optional<Path> file = log.entry(k - 1, t.trialId()).flatMap(log::checkpoint);
      if (file.isPresent()) {
        try {
          return Files.readAllBytes(file.get());
        } catch (IOException e) {
          LOG.warn("Cannot read {} ({}); trying the next", file.get(), e.getMessage());
        }
      }
    }
    LOG.warn("Segment {}: no checkpoint after rung {}; training it from scratch to epoch {}", root.key(), k,
        config.epochs(k));
    return new byte[0];
  }

  /** Epochs trial t inherited before rung k (from its rung k-1 line). */
  private static int inheritedBefore(RungLog log, PlannedTrial t, int k) {
    return k == 0 ? 0 : log.entry(k - 1, t.trialId()).map(e -> e.record().epochsInherited()).orElse(0);
  }

  /** Stores a segment's result: finished rungs go to the rung log, diverged and failed trials end. */
  private void record(RungLog log, PlannedTrial t, int k, int from, SegmentResult result, byte[] checkpoint,
      int inherited, Map<String, TrialRecord> terminal) throws IOException {
    TrialResult r = result.result();
    // where the trial's rung began: the rung's first epoch, or 0 when it had to start from scratch
    // (a shared segment that ends a trial may itself have started later, at a fork inside the rung)
    int resumed = Math.min(result.startEpoch(), from);
    HalvingMark mark = mark(k, resumed);
    int inh = Math.min(inherited, r.epochsRun());
    if (r.status() == TrialStatus.COMPLETED) {
      long w0 = System.nanoTime();
      log.append(k, resumed, checkpoint, TrialRecord.of(t, r, Optional.of(mark), inh));
      writeSeconds += (System.nanoTime() - w0) / 1e9;
      if (resumed > 0) {
        LOG.info("Trial {} resumed from checkpoint at epoch {} and finished rung {} (epoch {})", t.trialId(),
            resumed, k + 1, config.epochs(k));
      }
    } else {
      TrialRecord end = TrialRecord.of(t, r, Optional.of(mark), inh);
      store.append(end);
      terminal.put(t.trialId(), end);
      log.deleteCheckpoints(t.trialId(), -1, config.rungs().size());
    }
  }

  /** The terminal line of a trial that finished rung k: COMPLETED at the last rung, else STOPPED. */
  private void finish(RungLog log, PlannedTrial t, int k, TrialResult r, Map<String, TrialRecord> terminal,
      Optional<Promotion.Decision> stoppedBy) throws IOException {
    TrialRecord existing = terminal.get(t.trialId());
    TrialStatus status = stoppedBy.isPresent() ? TrialStatus.STOPPED : TrialStatus.COMPLETED;
    if (existing != null && existing.result().status() == status
        && existing.halving().map(h -> h.rung() == k).orElse(false)) {
      return; // written by an earlier run
    }
    int resumed = log.entry(k, t.trialId()).map(RungLog.Entry::resumedFromEpoch).orElse(0);
    int inherited = log.entry(k, t.trialId()).map(e -> e.record().epochsInherited()).orElse(0);
    TrialResult result = r;
    if (stoppedBy.isPresent()) {
      Promotion.Decision d = stoppedBy.get();
      String message = String.format(Locale.ROOT,
          "stopped by successive halving after rung %d of %d (epoch %d): placed %d of %d at test accuracy %.4f;"
              + " the best %d went on", k + 1, config.rungs().size(), config.epochs(k), d.place(r.trialId()),
          d.entered(), r.finalAccuracy(), d.survivors().size());
      result = new TrialResult(r.trialId(), TrialStatus.STOPPED, message, r.history(), r.finalAccuracy(),
          r.finalLoss(), r.bestAccuracy(), r.bestEpoch(), r.report(), r.trainImagesPerSecond(), r.seconds(),
          r.provenance());
    }
    TrialRecord end = TrialRecord.of(t, result, Optional.of(mark(k, resumed)), inherited);
    store.append(end);
    terminal.put(t.trialId(), end);
    log.deleteCheckpoints(t.trialId(), -1, config.rungs().size());
  }

  private HalvingMark mark(int k, int resumedFrom) {
    return new HalvingMark(k, config.rungs().size(), config.epochs(k), config.epochs(config.lastRung()), resumedFrom);
  }
}
