package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.store.ResultStore;
import dev.lrsweep.store.TrialFixtures;
import dev.lrsweep.store.TrialJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path dir;

  @Test
  void rebuildsEveryOutputFromResultsJsonlAlone() throws Exception {
    // results.jsonl only: no sweep.json, no config
    Files.write(dir.resolve(ResultStore.RESULTS), List.of(
        TrialJson.write(TrialFixtures.completed("low", 0, 0.55, 1.3)),
        TrialJson.write(TrialFixtures.completed("high", 0, 0.75, 0.8)),
        TrialJson.write(TrialFixtures.failed("bad", 0, "boom"))));
    CliCapture r = CliCapture.run("report", "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    for (String f : List.of("ranking.csv", "trials.csv", "ranking.md", "ranking.json", "failures.csv")) {
      assertTrue(Files.exists(dir.resolve(f)), f);
      assertTrue(r.out().contains("wrote " + dir.resolve(f).toAbsolutePath()), r.out());
    }
    List<String> csv = Files.readAllLines(dir.resolve("ranking.csv"));
    assertEquals(3, csv.size());
    assertTrue(csv.get(1).startsWith("1,high,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("2,low,"), csv.get(2));
    List<String> trials = Files.readAllLines(dir.resolve("trials.csv"));
    assertTrue(trials.get(1).startsWith("1,high-r0,"), trials.get(1));
    assertTrue(r.out().contains("3 trials: 2 completed, 0 diverged, 1 failed."), r.out());
    assertTrue(r.out().contains("Failed and diverged:") && r.out().contains("boom"), r.out());
  }

  @Test
  void truncatedLastLineIsAWarningNotAFailure() throws Exception {
    String line = TrialJson.write(TrialFixtures.completed("ok", 0, 0.6, 1.0));
    Files.writeString(dir.resolve(ResultStore.RESULTS), line + "\n" + line.substring(0, 20));
    CliCapture r = CliCapture.run("report", "--out", dir.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("warning:") && r.err().contains("truncated last line"), r.err());
  }

  @Test
  void directoryWithoutResultsExitsTwo() {
    CliCapture r = CliCapture.run("report", "--out", dir.resolve("empty").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("results.jsonl"), r.err());
  }
}
