package dev.lrsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.ResultStore;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.Provenance;
import dev.lrsweep.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the report says about how a sweep ran: provenance gathered from every trial's record
 * (versions, native build, hosts, JVM, OS, threads, start and end, total trial time, training
 * throughput) and the resolved configuration from {@code OUT/sweep.json} when it is there.
 *
 * @param run name and value pairs, in display order; a field on which trials differ lists every
 *     value
 * @param fingerprint the sweep's fingerprinted settings ({@code sweep.json}'s fingerprint_fields),
 *     empty without sweep.json
 * @param configJson the resolved configuration, pretty-printed JSON; empty without sweep.json
 * @param configProblem why sweep.json was not shown, when it exists but cannot be read
 */
record SweepFacts(List<Fact> run, Map<String, String> fingerprint, Optional<String> configJson,
    Optional<String> configProblem) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  SweepFacts {
    run = List.copyOf(run);
    fingerprint = Map.copyOf(fingerprint);
    Objects.requireNonNull(configJson, "configJson");
    Objects.requireNonNull(configProblem, "configProblem");
  }

  /** One row of the provenance table. */
  record Fact(String name, String value) {}

  /** Gathers the facts of {@code ranking}'s trials and of {@code out}'s sweep.json. */
  static SweepFacts of(Ranking ranking, OutputDir out, Instant generated) {
    List<TrialRecord> trials = new ArrayList<>();
    ranking.rows().forEach(r -> trials.add(r.trial()));
    trials.addAll(ranking.failures());

    List<Fact> run = new ArrayList<>();
    run.add(new Fact("trials", ConsoleReport.summary(ranking)));
    add(run, "model", trials, Provenance::model);
    add(run, "dataset", trials, Provenance::dataset);
    add(run, "optimizer", trials, Provenance::optimizer);
    add(run, "lrsweep version", trials, Provenance::lrsweepVersion);
    add(run, "ND4J version", trials, Provenance::nd4jVersion);
    add(run, "ND4J native build", trials, Provenance::nd4jBuild);
    add(run, "hosts", trials, Provenance::host);
    add(run, "JVM", trials, Provenance::jvm);
    add(run, "OS", trials, Provenance::os);
    add(run, "threads per trial", trials, p -> Integer.toString(p.threads()));

    Instant first = null;
    Instant last = null;
    double trialSeconds = 0;
    for (TrialRecord r : trials) {
      TrialResult t = r.result();
      trialSeconds += Double.isFinite(t.seconds()) ? t.seconds() : 0;
      Optional<Instant> start = started(t);
      if (start.isPresent()) {
        Instant end = start.get().plusMillis(Math.round(1000 * t.seconds()));
        first = first == null || start.get().isBefore(first) ? start.get() : first;
        last = last == null || end.isAfter(last) ? end : last;
      }
    }
    if (first != null) {
      run.add(new Fact("first trial started", seconds(first)));
      run.add(new Fact("last trial ended", seconds(last)));
      run.add(new Fact("wall time, first start to last end", duration(Duration.between(first, last))));
    }
    run.add(new Fact("time in trials, summed", duration(Duration.ofMillis(Math.round(1000 * trialSeconds)))));
    double[] rates = trials.stream().mapToDouble(r -> r.result().trainImagesPerSecond())
        .filter(v -> Double.isFinite(v) && v > 0).toArray();
    if (rates.length > 0) {
      double mean = java.util.Arrays.stream(rates).average().orElseThrow();
      double min = java.util.Arrays.stream(rates).min().orElseThrow();
      double max = java.util.Arrays.stream(rates).max().orElseThrow();
      run.add(new Fact("training throughput per trial", String.format(Locale.ROOT,
          "%.1f images/s mean over %d trials (min %.1f, max %.1f)", mean, rates.length, min, max)));
    }
    run.add(new Fact("report generated", seconds(generated)));

    Map<String, String> fingerprint = new LinkedHashMap<>();
    Optional<String> config = Optional.empty();
    Optional<String> problem = Optional.empty();
    Path manifest = out.resolve(ResultStore.MANIFEST);
    if (Files.isRegularFile(manifest)) {
      try {
        JsonNode json = MAPPER.readTree(manifest.toFile());
        JsonNode fields = json.path("fingerprint_fields");
        fields.fieldNames().forEachRemaining(k -> fingerprint.put(k, fields.get(k).asText()));
        if (json.hasNonNull("fingerprint")) {
          fingerprint.put("fingerprint (sha-256)", json.get("fingerprint").asText());
        }
        JsonNode c = json.has("config") ? json.get("config") : json;
        config = Optional.of(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(c));
      } catch (IOException e) {
        problem = Optional.of(manifest + " could not be read: " + e.getMessage());
      }
    }
    return new SweepFacts(run, fingerprint, config, problem);
  }

  /** A provenance field over all trials that have provenance: its distinct values, sorted. */
  private static void add(List<Fact> run, String name, List<TrialRecord> trials, Function<Provenance, String> field) {
    TreeSet<String> values = new TreeSet<>();
    for (TrialRecord r : trials) {
      Provenance p = r.result().provenance();
      if (p != null) {
        String v = field.apply(p);
        if (v != null && !v.isBlank()) {
          values.add(v);
        }
      }
    }
    if (!values.isEmpty()) {
      run.add(new Fact(name, String.join(", ", values)));
    }
  }

  private static Optional<Instant> started(TrialResult t) {
    if (t.provenance() == null || t.provenance().startedAt() == null || !Double.isFinite(t.seconds())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(t.provenance().startedAt()));
    } catch (DateTimeParseException e) {
      // a start time in another format is still shown raw in results.jsonl; the span just skips it
      return Optional.empty();
    }
  }

  /** To the second: nanoseconds of a start time are noise in a report. */
  private static String seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 1 h 02 min 05 s}, {@code 3 min 07 s}, {@code 42 s}. */
  static String duration(Duration d) {
    long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d h %02d min %02d s", s / 3600, (s % 3600) / 60, s % 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return s + " s";
  }
}
