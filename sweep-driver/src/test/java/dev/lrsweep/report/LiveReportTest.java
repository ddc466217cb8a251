package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.StoredResults;
import dev.lrsweep.store.TrialFixtures;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.EpochRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live report: rewritten after each trial, running trials with partial curves, whole files. */
class LiveReportTest {
  @TempDir Path dir;

  @Test
  void eachFinishedTrialRewritesTheReportWithTheRunningTrialsPartialCurves() throws Exception {
    List<TrialRecord> stored = new ArrayList<>();
    LiveReport live = new LiveReport(() -> new StoredResults(List.copyOf(stored), List.of()), new OutputDir(dir),
        id -> "label of " + id, id -> 5);
    live.epoch("slow-r0", new EpochRecord(0, 0.01, 2.0, 0.2, 1.9, 0.31, 10));
    live.epoch("slow-r0", new EpochRecord(1, 0.01, 1.8, 0.3, 1.7, 0.42, 10));
    stored.add(TrialFixtures.completed("b", 0, 0.8, 0.7));
    live.finished("b-r0");

    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<h2>Running now</h2>"), "running section");
    assertTrue(html.contains("label of slow-r0"), "the running trial by label");
    assertTrue(html.contains("partial: epoch 2/5, test accuracy 0.4200"), "its latest epoch, counted from 1");
    assertTrue(html.contains("<title>Training Loss and Accuracy</title>"), "its chart");
    // ranking.csv has a row per grid point ("b"), trials.csv a row per trial ("b-r0")
    assertTrue(Files.readString(dir.resolve("ranking.csv")).contains("\n1,b,"), "the ranking is current too");
    assertTrue(Files.readString(dir.resolve("trials.csv")).contains("b-r0"), "the trials table is current too");
    try (Stream<Path> files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(".tmp-")), "no temporary file left");
    }

    stored.add(TrialFixtures.completed("slow", 0, 0.5, 1.2));
    live.finished("slow-r0");
    String after = Files.readString(dir.resolve("report.html"));
    assertFalse(after.contains("Running now"), "nothing runs any more");
    assertTrue(live.runningTrials().isEmpty());
  }

  @Test
  void replaceSwapsTheWholeFile() throws Exception {
    Path file = dir.resolve("x.txt");
    OutputDir.replace(file, "old and longer");
    OutputDir.replace(file, "new");
    assertEquals("new", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void theTrainingChartPlacesEveryPointByTheStatedGeometry() {
    List<EpochRecord> h = List.of(
        new EpochRecord(0, 0.01, 2.0, 0.25, 1.5, 0.30, 1),
        new EpochRecord(1, 0.01, 1.0, 0.50, 1.2, 0.45, 1),
        new EpochRecord(2, 0.01, 0.5, 0.75, Double.NaN, 0.50, 1));
    // y max: the largest value, 2.0, already a multiple of 0.5. x: 48, 48 + 200, 48 + 400.
    // y = 28 + (1 - v / 2) * 200: 2.0 -> 28, 1.0 -> 128, 0.5 -> 178, 1.5 -> 78, 1.2 -> 108
    assertEquals(2.0, TrainingChart.yMax(h));
    assertEquals("48.0,28.0 248.0,128.0 448.0,178.0", TrainingChart.points(h, EpochRecord::trainLoss, 2.0));
    assertEquals("48.0,78.0 248.0,108.0", TrainingChart.points(h, EpochRecord::testLoss, 2.0), "NaN left out");
    // a loss of 2.3 rounds the axis up to 2.5; accuracies alone keep it at 1
    assertEquals(2.5, TrainingChart.yMax(List.of(new EpochRecord(0, 0.01, 2.3, 0.1, 2.2, 0.1, 1))));
    assertEquals(1.0, TrainingChart.yMax(List.of(new EpochRecord(0, 0.01, 0.2, 0.9, 0.3, 0.8, 1))));
    assertTrue(TrainingChart.svg(h).contains(">val_acc</text>"));
    assertThrows(IllegalArgumentException.class, () -> TrainingChart.svg(List.of()));
  }

  @Test
  void theHistoryTableKeepsSmallRatesSignificantAndCountsEpochsFromOne() {
    // a rate of 2.6e-4 once printed as 0.000 with fixed decimals
    String table = HtmlTrialDetails.history(List.of(new EpochRecord(0, 2.6e-4, 2.0, 0.25, 1.5, 0.30, 1)));
    assertTrue(table.contains("<td class=\"num\">1</td><td class=\"num\">0.0002600</td>"), table);
  }
}
