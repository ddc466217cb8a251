package dev.lrsweep.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrialJsonTest {

  /** Records compare arrays by identity, so the confusion matrix is compared separately. */
  private static void assertSameRecord(TrialRecord expected, TrialRecord actual) {
    TrialResult e = expected.result();
    TrialResult a = actual.result();
    assertEquals(expected.trialId(), actual.trialId());
    assertEquals(expected.family(), actual.family());
    assertEquals(expected.label(), actual.label());
    assertEquals(expected.params(), actual.params());
    assertEquals(expected.gridPoint(), actual.gridPoint());
    assertEquals(expected.repeat(), actual.repeat());
    assertEquals(expected.seed(), actual.seed());
    // every scalar component of TrialResult; double components of records compare with
    // Double.compare, so NaN equals NaN here
    assertEquals(new TrialResult(e.trialId(), e.status(), e.message(), e.history(), e.finalAccuracy(), e.finalLoss(),
            e.bestAccuracy(), e.bestEpoch(), null, e.trainImagesPerSecond(), e.seconds(), e.provenance()),
        new TrialResult(a.trialId(), a.status(), a.message(), a.history(), a.finalAccuracy(), a.finalLoss(),
            a.bestAccuracy(), a.bestEpoch(), null, a.trainImagesPerSecond(), a.seconds(), a.provenance()));
    if (e.report() == null) {
      assertNull(a.report());
    } else {
      assertEquals(e.report().classes(), a.report().classes());
      assertEquals(e.report().macroAvg(), a.report().macroAvg());
      assertEquals(e.report().weightedAvg(), a.report().weightedAvg());
      assertEquals(e.report().accuracy(), a.report().accuracy());
      assertArrayEquals(e.report().confusion(), a.report().confusion());
      assertArrayEquals(e.report().labels(), a.report().labels());
      assertArrayEquals(e.report().predictions(), a.report().predictions());
    }
  }

  @Test
  void perImageOutcomesAreBase64OfOneBytePerImage() throws Exception {
    TrialRecord r = TrialFixtures.completed("step-x", 0, 0.6, 0.9);
    JsonNode report = new ObjectMapper().readTree(TrialJson.write(r)).get("report");
    // RFC 4648 by hand: 20 bytes are 6 groups of 3 (24 characters) and 2 left over (3 + "=").
    // labels 00 00 00 | 00 00 00 | 00 00 00 | 00 01 01 | 01 01 01 | 01 01 01 | 01 01:
    // 000000 -> "AAAA"; 00 01 01 = 000000 000000 000100 000001 -> "AAEB"; 01 01 01 -> "AQEB";
    // 01 01 + padding = 000000 010000 0001(00) -> "AQE="
    assertEquals("AAAAAAAAAAAAAAEBAQEBAQEBAQE=", report.get("labels").asText());
    TrialRecord back = TrialJson.read(TrialJson.write(r));
    assertArrayEquals(TrialFixtures.PREDICTIONS, back.result().report().predictions());
    String broken = TrialJson.write(r).replace(report.get("predictions").asText(), "AAAA");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrialJson.read(broken));
    assertTrue(e.getMessage().contains("report.labels has 20 images, report.predictions 3"), e.getMessage());
  }

  @Test
  void completedRecordRoundTrips() {
    TrialRecord r = TrialFixtures.completed("step-drop_every5-factor0.5", 1, 0.781, 0.65);
    String line = TrialJson.write(r);
    assertFalse(line.contains("\n"), "one line per record");
    assertSameRecord(r, TrialJson.read(line));
  }

  @Test
  void nonFiniteNumbersRoundTripAsStrings() throws Exception {
    TrialRecord base = TrialFixtures.record("cosine-x", 0, TrialStatus.DIVERGED, 0.1, Double.NaN, "loss is NaN at epoch 1");
    List<EpochRecord> history = new ArrayList<>(base.result().history());
    history.set(1, new EpochRecord(1, 0.5, Double.POSITIVE_INFINITY, 0.1, Double.NaN, 0.1, Double.NEGATIVE_INFINITY));
    TrialResult t = base.result();
    TrialRecord r = new TrialRecord(base.trialId(), base.family(), base.label(), base.params(), base.gridPoint(), 0, 5L,
        new TrialResult(t.trialId(), t.status(), t.message(), history, t.finalAccuracy(), Double.NaN, t.bestAccuracy(),
            t.bestEpoch(), t.report(), t.trainImagesPerSecond(), t.seconds(), t.provenance()));
    String line = TrialJson.write(r);
    JsonNode json = new ObjectMapper().readTree(line); // still strict JSON
    assertEquals("NaN", json.get("final_loss").asText());
    assertEquals("Infinity", json.get("history").get(1).get("train_loss").asText());
    assertEquals("-Infinity", json.get("history").get(1).get("seconds").asText());
    TrialRecord back = TrialJson.read(line);
    assertSameRecord(r, back);
    assertTrue(Double.isNaN(back.result().finalLoss()));
    assertEquals(Double.POSITIVE_INFINITY, back.result().history().get(1).trainLoss());
  }

  @Test
  void failedRecordWithoutReportOrProvenanceRoundTrips() {
    TrialRecord r = TrialFixtures.failed("piecewise-a", 0, "OutOfMemoryError: \"Java heap space\"\nat line 2");
    TrialRecord back = TrialJson.read(TrialJson.write(r));
    assertSameRecord(r, back);
    assertEquals(0, back.result().epochsRun());
    assertEquals(-1, back.result().bestEpoch());
  }

  @Test
  void jsonHasSnakeCaseKeysAndTheDerivedEpochCount() throws Exception {
    JsonNode json = new ObjectMapper().readTree(TrialJson.write(TrialFixtures.completed("step-a", 0, 0.7, 0.9)));
    for (String key : List.of("trial_id", "family", "label", "params", "grid_point", "repeat", "seed", "status", "message",
        "history", "final_accuracy", "best_accuracy", "best_epoch", "final_loss", "epochs_run", "seconds",
        "train_images_per_second", "report", "provenance")) {
      assertTrue(json.has(key), "missing " + key + " in " + json);
    }
    assertEquals(2, json.get("epochs_run").asInt());
    assertEquals("COMPLETED", json.get("status").asText());
    assertTrue(json.get("report").has("confusion"));
    assertTrue(json.get("report").has("macro_avg"));
    assertTrue(json.get("provenance").has("nd4j_build"));
    assertTrue(json.get("history").get(0).has("learning_rate"));
  }

  @Test
  void integerAndFloatParamsReadBackAsLongAndDouble() {
    TrialRecord base = TrialFixtures.completed("step-a", 0, 0.7, 0.9);
    Map<String, Object> p = new TreeMap<>();
    p.put("drop_every", 5); // Integer in, Long out
    p.put("factor", 0.5f); // Float in, Double out
    TrialRecord r = new TrialRecord(base.trialId(), base.family(), base.label(), new TreeMap<>(p), base.gridPoint(), 0,
        1L, base.result());
    TrialRecord back = TrialJson.read(TrialJson.write(r));
    assertEquals(5L, back.params().get("drop_every"));
    assertEquals(0.5, back.params().get("factor"));
    assertEquals(r.params(), back.params());
  }

  @Test
  void malformedLinesAreRejectedNamingTheProblem() {
    IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> TrialJson.read("{\"trial_id\": \"x"));
    assertTrue(notJson.getMessage().startsWith("not JSON"), notJson.getMessage());
    String line = TrialJson.write(TrialFixtures.completed("step-a", 0, 0.7, 0.9)).replace("\"COMPLETED\"", "\"DONE\"");
    IllegalArgumentException badStatus = assertThrows(IllegalArgumentException.class, () -> TrialJson.read(line));
    assertTrue(badStatus.getMessage().contains("found \"DONE\""), badStatus.getMessage());
  }
}
