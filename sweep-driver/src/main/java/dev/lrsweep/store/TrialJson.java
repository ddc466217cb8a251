package dev.lrsweep.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.trial.ClassMetrics;
import dev.lrsweep.trial.ClassReport;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.Provenance;
import dev.lrsweep.trial.TrialResult;
import dev.lrsweep.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The explicit mapping between {@link TrialRecord} and one line of {@code results.jsonl}, with
 * snake_case keys. Written out by hand rather than by reflection so the file format is visible in
 * one place and does not change when a record gains a method.
 *
 * <p>A completed epoch's report carries the per-image outcome after the last epoch as two
 * standard base64 strings (RFC 4648, with padding), one byte per test image in the test split's
 * order: {@code report.labels} (the true class, 0-9) and {@code report.predictions} (the
 * predicted class). 1,000 test images take 1,336 characters each. Lines from before they existed
 * read back with both empty.
 *
 * <p>Non-finite doubles (a diverged loss, the accuracy of a trial that never ran an epoch) are
 * written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, which keeps every
 * line valid JSON and reads back to the same value.
 *
 * <p>Epochs: {@code history[].epoch} and {@code best_epoch} are 0-based indices (the first epoch is
 * 0, no epoch is -1), the counters the schedule formulas use; {@code epochs_run} is a count, and
 * {@code epochs_trained + epochs_inherited = epochs_run}: epochs the trial trained itself and epochs
 * it took over from a segment shared with other trials (prefix sharing; lines from before it read
 * back with 0 inherited). The
 * rankings and everything else written for people number epochs from 1.
 */
public final class TrialJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final java.util.Base64.Encoder BASE64 = java.util.Base64.getEncoder();
  private static final java.util.Base64.Decoder BASE64_DECODER = java.util.Base64.getDecoder();

  private TrialJson() {}

  /** One line of JSON, no line breaks inside. */
  public static String write(TrialRecord r) {
    TrialResult t = r.result();
    ObjectNode o = NODES.objectNode();
    o.put("trial_id", r.trialId());
    o.put("family", r.family());
    o.put("label", r.label());
    o.set("params", params(r.params()));
    o.put("grid_point", r.gridPoint());
    o.put("repeat", r.repeat());
    o.put("seed", r.seed());
    o.put("status", t.status().name());
    o.put("message", t.message());
    number(o, "final_accuracy", t.finalAccuracy());
    number(o, "best_accuracy", t.bestAccuracy());
    o.put("best_epoch", t.bestEpoch());
    number(o, "final_loss", t.finalLoss());
    o.put("epochs_run", t.epochsRun());
    o.put("epochs_trained", r.epochsTrained());
    o.put("epochs_inherited", r.epochsInherited());
    number(o, "seconds", t.seconds());
    number(o, "train_images_per_second", t.trainImagesPerSecond());
    ArrayNode history = o.putArray("history");
    for (EpochRecord e : t.history()) {
      ObjectNode h = history.addObject();
      h.put("epoch", e.epoch());
      number(h, "learning_rate", e.learningRate());
      number(h, "train_loss", e.trainLoss());
      number(h, "train_accuracy", e.trainAccuracy());
      number(h, "test_loss", e.testLoss());
      number(h, "test_accuracy", e.testAccuracy());
      number(h, "seconds", e.seconds());
    }
    o.set("report", t.report() == null ? NODES.nullNode() : report(t.report()));
    o.set("provenance", t.provenance() == null ? NODES.nullNode() : provenance(t.provenance()));
    r.halving().ifPresent(h -> {
      ObjectNode n = o.putObject("halving");
      n.put("rung", h.rung());
      n.put("rungs", h.rungs());
      n.put("rung_epoch", h.rungEpoch());
      n.put("epochs", h.epochs());
      n.put("resumed_from_epoch", h.resumedFromEpoch());
    });
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of plain values always serializes", e);
    }
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException naming the key when the line is not a trial record
   */
  public static TrialRecord read(String line) {
    JsonNode o;
    try {
      o = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, found " + (o == null ? "nothing" : o.getNodeType()));
    }
    List<EpochRecord> history = new ArrayList<>();
    for (JsonNode h : array(o, "history")) {
      history.add(new EpochRecord(integer(h, "epoch"), dbl(h, "learning_rate"), dbl(h, "train_loss"),
          dbl(h, "train_accuracy"), dbl(h, "test_loss"), dbl(h, "test_accuracy"), dbl(h, "seconds")));
    }
    String trialId = text(o, "trial_id");
    TrialStatus status;
    try {
      status = TrialStatus.valueOf(text(o, "status"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("status must be one of " + java.util.Arrays.toString(TrialStatus.values())
          + ", found " + o.get("status"));
    }
    TrialResult result = new TrialResult(trialId, status, text(o, "message"), history, dbl(o, "final_accuracy"),
        dbl(o, "final_loss"), dbl(o, "best_accuracy"), integer(o, "best_epoch"),
        nullOr(o, "report") ? null : readReport(o.get("report")), dbl(o, "train_images_per_second"),
        dbl(o, "seconds"), nullOr(o, "provenance") ? null : readProvenance(o.get("provenance")));
    java.util.Optional<HalvingMark> halving = nullOr(o, "halving") ? java.util.Optional.empty()
        : java.util.Optional.of(new HalvingMark(integer(o.get("halving"), "rung"), integer(o.get("halving"), "rungs"),
            integer(o.get("halving"), "rung_epoch"), integer(o.get("halving"), "epochs"),
            integer(o.get("halving"), "resumed_from_epoch")));
    return new TrialRecord(trialId, text(o, "family"), text(o, "label"), readParams(field(o, "params")),
        text(o, "grid_point"), integer(o, "repeat"), longValue(o, "seed"), result, halving,
        nullOr(o, "epochs_inherited") ? 0 : integer(o, "epochs_inherited"));
  }

  // ---- writing ----

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.put(key, Double.toString(v));
    }
  }

  private static ObjectNode params(SortedMap<String, Object> params) {
    ObjectNode o = NODES.objectNode();
    params.forEach((k, v) -> o.set(k, value(v)));
    return o;
  }

  private static JsonNode value(Object v) {
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(d.toString());
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof List<?> list) {
      ArrayNode a = NODES.arrayNode();
      list.forEach(x -> a.add(value(x)));
      return a;
    }
    return NODES.textNode(String.valueOf(v));
  }

  private static ObjectNode report(ClassReport r) {
    ObjectNode o = NODES.objectNode();
    number(o, "accuracy", r.accuracy());
    ArrayNode classes = o.putArray("classes");
    r.classes().forEach(c -> classes.add(metrics(c)));
    o.set("macro_avg", r.macroAvg() == null ? NODES.nullNode() : metrics(r.macroAvg()));
    o.set("weighted_avg", r.weightedAvg() == null ? NODES.nullNode() : metrics(r.weightedAvg()));
    ArrayNode confusion = o.putArray("confusion");
    if (r.confusion() != null) {
      for (int[] row : r.confusion()) {
        ArrayNode a = confusion.addArray();
        for (int c : row) {
          a.add(c);
        }
      }
    }
    if (r.hasPredictions()) {
      o.put("labels", BASE64.encodeToString(r.labels()));
      o.put("predictions", BASE64.encodeToString(r.predictions()));
    }
    return o;
  }

  private static ObjectNode metrics(ClassMetrics m) {
    ObjectNode o = NODES.objectNode();
    o.put("name", m.name());
    number(o, "precision", m.precision());
    number(o, "recall", m.recall());
    number(o, "f1", m.f1());
    o.put("support", m.support());
    return o;
  }

  private static ObjectNode provenance(Provenance p) {
    ObjectNode o = NODES.objectNode();
    o.put("lrsweep_version", p.lrsweepVersion());
    o.put("nd4j_version", p.nd4jVersion());
    o.put("nd4j_build", p.nd4jBuild());
    o.put("host", p.host());
    o.put("jvm", p.jvm());
    o.put("os", p.os());
    o.put("threads", p.threads());
    o.put("seed", p.seed());
    o.put("started_at", p.startedAt());
    o.put("model", p.model());
    o.put("dataset", p.dataset());
    o.put("optimizer", p.optimizer());
    return o;
  }

  // ---- reading ----

  private static ClassReport readReport(JsonNode o) {
    List<ClassMetrics> classes = new ArrayList<>();
    for (JsonNode c : array(o, "classes")) {
      classes.add(readMetrics(c));
    }
    JsonNode confusion = array(o, "confusion");
    int[][] matrix = new int[confusion.size()][];
    for (int i = 0; i < matrix.length; i++) {
      JsonNode row = confusion.get(i);
      matrix[i] = new int[row.size()];
      for (int j = 0; j < row.size(); j++) {
        matrix[i][j] = row.get(j).asInt();
      }
    }
    byte[] labels = nullOr(o, "labels") ? new byte[0] : base64(o, "labels");
    byte[] predictions = nullOr(o, "predictions") ? new byte[0] : base64(o, "predictions");
    if (labels.length != predictions.length) {
      throw new IllegalArgumentException("report.labels has " + labels.length + " images, report.predictions "
          + predictions.length + "; they must be the same test images");
    }
    return new ClassReport(classes, nullOr(o, "macro_avg") ? null : readMetrics(o.get("macro_avg")),
        nullOr(o, "weighted_avg") ? null : readMetrics(o.get("weighted_avg")), dbl(o, "accuracy"), matrix,
        labels, predictions);
  }

  private static byte[] base64(JsonNode o, String key) {
    String text = text(o, key);
    try {
      return BASE64_DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("report." + key + " must be base64 (RFC 4648, one byte per test image): "
          + e.getMessage());
    }
  }

  private static ClassMetrics readMetrics(JsonNode o) {
    return new ClassMetrics(text(o, "name"), dbl(o, "precision"), dbl(o, "recall"), dbl(o, "f1"), integer(o, "support"));
  }

  private static Provenance readProvenance(JsonNode o) {
    return new Provenance(text(o, "lrsweep_version"), text(o, "nd4j_version"), text(o, "nd4j_build"), text(o, "host"),
        text(o, "jvm"), text(o, "os"), integer(o, "threads"), longValue(o, "seed"), text(o, "started_at"),
        optionalText(o, "model"), optionalText(o, "dataset"), optionalText(o, "optimizer"));
  }

  /** A string field that results written before it existed lack: null then. */
  private static String optionalText(JsonNode o, String key) {
    return o.has(key) ? text(o, key) : null;
  }

  private static SortedMap<String, Object> readParams(JsonNode o) {
    if (!o.isObject()) {
      throw new IllegalArgumentException("params must be an object, found " + o.getNodeType());
    }
    SortedMap<String, Object> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = o.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), readValue(e.getValue()));
    }
    return out;
  }

  private static Object readValue(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      v.forEach(x -> out.add(readValue(x)));
      return out;
    }
    return v.asText();
  }

  private static JsonNode field(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing key '" + key + "'");
    }
    return v;
  }

  private static boolean nullOr(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull();
  }

  private static JsonNode array(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (!v.isArray()) {
      throw new IllegalArgumentException(key + " must be an array, found " + v.getNodeType());
    }
    return v;
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(key + " must be a string, found " + v);
    }
    return v.asText();
  }

  private static double dbl(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      try {
        return Double.parseDouble(v.asText());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(key + " must be a number or \"NaN\"/\"Infinity\"/\"-Infinity\", found " + v);
  }

  private static int integer(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(key + " must be an integer, found " + v);
    }
    return v.asInt();
  }

  private static long longValue(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(key + " must be an integer, found " + v);
    }
    return v.asLong();
  }
}
