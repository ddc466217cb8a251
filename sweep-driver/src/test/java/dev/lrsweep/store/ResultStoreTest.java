package dev.lrsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {
  @TempDir Path out;

  private static SweepManifest manifest(Map<String, String> changes) {
    TreeMap<String, String> f = new TreeMap<>(Map.of(
        "data.location", "/data/cifar-10-binary.tar.gz", "training.epochs", "4", "seed", "42"));
    f.putAll(changes);
    return new SweepManifest(f, JsonNodeFactory.instance.objectNode().put("note", "test"));
  }

  private List<String> fileLines() throws Exception {
    return Files.readAllLines(out.resolve(ResultStore.RESULTS));
  }

  @Test
  void appendedLinesAreOnDiskBeforeCloseAndReadBackOnReopen() throws Exception {
    try (ResultStore store = ResultStore.open(out, manifest(Map.of()))) {
      store.append(TrialFixtures.completed("a", 0, 0.7, 0.9));
      assertEquals(1, fileLines().size(), "written through, not buffered until close");
      store.append(TrialFixtures.failed("b", 0, "boom"));
      assertEquals(2, fileLines().size());
    }
    try (ResultStore again = ResultStore.open(out, manifest(Map.of()))) {
      assertEquals(List.of("a-r0", "b-r0"),
          again.results().latest().stream().map(TrialRecord::trialId).collect(Collectors.toList()));
      assertTrue(again.results().warnings().isEmpty());
    }
    assertTrue(Files.exists(out.resolve(ResultStore.MANIFEST)));
  }

  @Test
  void completedAndDivergedAreFinishedFailedOnlyWithoutRetryAndTheLastLineWins() throws Exception {
    try (ResultStore store = ResultStore.open(out, manifest(Map.of()))) {
      store.append(TrialFixtures.completed("done", 0, 0.7, 0.9));
      store.append(TrialFixtures.record("div", 0, dev.lrsweep.trial.TrialStatus.DIVERGED, 0.1, Double.NaN, "NaN loss"));
      store.append(TrialFixtures.failed("fail", 0, "boom"));
      // rerun that failed, then succeeded: finished
      store.append(TrialFixtures.failed("fixed", 0, "first try"));
      store.append(TrialFixtures.completed("fixed", 0, 0.6, 1.0));
      // succeeded, then a later run failed: the later line is the truth
      store.append(TrialFixtures.completed("broke", 0, 0.6, 1.0));
      store.append(TrialFixtures.failed("broke", 0, "second try"));
    }
    StoredResults r = ResultStore.read(out);
    assertEquals(7, r.lines().size());
    assertEquals(5, r.latest().size());
    assertEquals(Set.of("done-r0", "div-r0", "fail-r0", "fixed-r0", "broke-r0"), r.finishedIds(false));
    assertEquals(Set.of("done-r0", "div-r0", "fixed-r0"), r.finishedIds(true));
  }

  @Test
  void truncatedLastLineIsSkippedWithAWarningAndTheNextAppendStartsOnANewLine() throws Exception {
    try (ResultStore store = ResultStore.open(out, manifest(Map.of()))) {
      store.append(TrialFixtures.completed("a", 0, 0.7, 0.9));
      store.append(TrialFixtures.completed("b", 0, 0.6, 1.0));
    }
    // a crash in the middle of writing the third line
    String third = TrialJson.write(TrialFixtures.completed("c", 0, 0.5, 1.1));
    Files.writeString(out.resolve(ResultStore.RESULTS), third.substring(0, third.length() / 2),
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (ResultStore store = ResultStore.open(out, manifest(Map.of()))) {
      StoredResults r = store.results();
      assertEquals(Set.of("a-r0", "b-r0"), r.finishedIds(false), "c is not finished: it runs again");
      assertEquals(1, r.warnings().size());
      assertTrue(r.warnings().get(0).contains(":3: skipped a truncated last line"), r.warnings().get(0));
      store.append(TrialFixtures.completed("c", 0, 0.5, 1.1));
    }
    List<String> lines = fileLines();
    assertEquals(4, lines.size());
    assertEquals(third, lines.get(3), "the rerun's line stands alone, not glued to the fragment");

    StoredResults reread = ResultStore.read(out);
    assertEquals(Set.of("a-r0", "b-r0", "c-r0"), reread.finishedIds(false));
    assertEquals(1, reread.warnings().size());
    assertTrue(reread.warnings().get(0).contains(":3: skipped an unreadable line"), reread.warnings().get(0));
  }

  @Test
  void differentFingerprintIsRefusedNamingWhatChanged() throws Exception {
    try (ResultStore store = ResultStore.open(out, manifest(Map.of()))) {
      store.append(TrialFixtures.completed("a", 0, 0.7, 0.9));
    }
    ResumeRefusedException e = assertThrows(ResumeRefusedException.class,
        () -> ResultStore.open(out, manifest(Map.of("training.epochs", "3", "seed", "7"))));
    assertTrue(e.getMessage().contains("training.epochs: was 4, now 3"), e.getMessage());
    assertTrue(e.getMessage().contains("seed: was 42, now 7"), e.getMessage());
    assertTrue(e.getMessage().contains("choose another out"), e.getMessage());
    assertTrue(!e.getMessage().contains("data.location"), "unchanged settings are not listed: " + e.getMessage());
    // the refused open left the results alone
    assertEquals(1, ResultStore.read(out).lines().size());
  }

  @Test
  void sameFingerprintWithAnotherGridResumes() throws Exception {
    ResultStore.open(out, manifest(Map.of())).close();
    SweepManifest otherGrid = new SweepManifest(manifest(Map.of()).fingerprintFields(),
        JsonNodeFactory.instance.objectNode().put("grid", "something else"));
    try (ResultStore store = ResultStore.open(out, otherGrid)) {
      assertTrue(store.results().lines().isEmpty());
    }
  }

  @Test
  void concurrentAppendsEachLandOnTheirOwnLine() throws Exception {
    int threads = 8;
    int each = 25;
    try (ResultStore store = ResultStore.open(out, manifest(Map.of()))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(pool.submit(() -> {
            for (int i = 0; i < each; i++) {
              store.append(TrialFixtures.completed("t" + thread, i, 0.5, 1.0));
            }
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }
    StoredResults r = ResultStore.read(out);
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    assertEquals(threads * each, r.lines().size());
    assertEquals(threads * each, r.finishedIds(false).size());
  }

  @Test
  void reportingADirectoryWithoutResultsSaysSo() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ResultStore.read(out.resolve("nothing")));
    assertTrue(e.getMessage().contains("results.jsonl"), e.getMessage());
  }
}
