package dev.lrsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.config.GridEntry;
import dev.lrsweep.config.GridPoint;
import dev.lrsweep.config.SweepConfig;
import dev.lrsweep.grid.SweepPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code OUT/sweep.json} holds: the resolved configuration, and a fingerprint of everything
 * that changes a trial's result.
 *
 * <p>The fingerprint is the whole resolved configuration ({@link SweepConfig#settings()}: defaults,
 * file and overrides) less {@link #NOT_RESULT_KEYS}, the keys that cannot change the result of a
 * trial, plus the data location the sweep resolved. So a key added to {@code reference.conf} is
 * fingerprinted unless someone decides, here and in writing, that it does not change results.
 * {@code threads} is in it: results and checkpoints are bit-exact only at one thread count.
 *
 * @param fingerprintFields the fingerprinted settings by dotted key, values rendered as text
 * @param config the resolved configuration as JSON
 */
public record SweepManifest(SortedMap<String, String> fingerprintFields, JsonNode config) {
  public SweepManifest {
    fingerprintFields = Collections.unmodifiableSortedMap(new TreeMap<>(fingerprintFields));
    Objects.requireNonNull(config, "config");
  }

  /**
   * Keys that do not change any trial's result, so runs into one OUT may differ in them: {@code
   * out} (where results go), {@code max_trials} (a guard on the grid's size), {@code grid} and
   * {@code repeats} (they add or skip trials; a trial's id names its schedule and repeat, and its
   * seed derives from the sweep seed and its repeat, or its id under independent seeding), {@code
   * ranking.alpha} (how the ranking reads the results, not the results), {@code sharing} (prefix
   * sharing trains shared epochs once and gives the same results bit for bit), and {@code data.path}
   * (replaced by the data location it resolved to, as are the environment variable and the project
   * default).
   */
  public static final Set<String> NOT_RESULT_KEYS = Set.of("out", "max_trials", "grid", "repeats", "data.path", "ranking.alpha",
      "sharing");

  /**
   * Keys of the {@code halving} section, which a grid sweep ({@code scheduler = grid}) never reads.
   * In a halving sweep they are fingerprinted: switching an OUT between grid and halving, or
   * changing the rungs, is refused because stored rung results and STOPPED lines would no longer
   * mean the same.
   */
  static final String HALVING_PREFIX = "halving.";

  /** The manifest of a plan. */
  public static SweepManifest of(SweepPlan plan) {
    SweepConfig c = plan.config();
    SortedMap<String, String> f = new TreeMap<>();
    c.settings().forEach((key, value) -> {
      boolean unread = c.halving().isEmpty() && key.startsWith(HALVING_PREFIX);
      if (!NOT_RESULT_KEYS.contains(key) && !unread) {
        f.put(key, value);
      }
    });
    // reference.conf leaves the optimizer's parameters null (each optimizer has its own
    // defaults): fingerprint them as the optimizer resolved them, defaults included
    c.training().optimizer().params().forEach((k, v) -> f.put("training." + k, String.valueOf(v)));
    f.put("data.location", plan.data().location());
    return new SweepManifest(f, configJson(plan));
  }

  /** SHA-256 (hex) of the fingerprinted fields, one {@code key=value} line each, sorted. */
  public String fingerprint() {
    StringBuilder s = new StringBuilder();
    fingerprintFields.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The settings that differ from {@code earlier}'s, as {@code key: was X, now Y}. */
  public List<String> changesSince(SweepManifest earlier) {
    List<String> out = new ArrayList<>();
    SortedMap<String, String> keys = new TreeMap<>(earlier.fingerprintFields);
    keys.putAll(fingerprintFields);
    for (String k : keys.keySet()) {
      String was = earlier.fingerprintFields.get(k);
      String now = fingerprintFields.get(k);
      if (!Objects.equals(was, now)) {
        out.add(k + ": was " + (was == null ? "(absent)" : was) + ", now " + (now == null ? "(absent)" : now));
      }
    }
    return out;
  }

  /** The JSON written to {@code sweep.json}. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("fingerprint", fingerprint());
    ObjectNode f = o.putObject("fingerprint_fields");
    fingerprintFields.forEach(f::put);
    o.set("config", config);
    return o;
  }

  /** Reads {@code sweep.json}'s content. */
  public static SweepManifest fromJson(JsonNode o) {
    JsonNode f = o.get("fingerprint_fields");
    JsonNode config = o.get("config");
    if (f == null || !f.isObject() || config == null) {
      throw new IllegalArgumentException("sweep.json needs fingerprint_fields (object) and config");
    }
    SortedMap<String, String> fields = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) f::fields) {
      fields.put(e.getKey(), e.getValue().asText());
    }
    return new SweepManifest(fields, config);
  }

  private static ObjectNode configJson(SweepPlan plan) {
    SweepConfig c = plan.config();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("source", c.source());
    o.put("model", c.training().model());
    ObjectNode data = o.putObject("data");
    data.put("dataset", c.data().dataset());
    data.put("path", c.data().path().orElse(null));
    data.put("location", plan.data().location());
    data.put("location_source", plan.data().source());
    data.put("train_limit", c.data().trainLimit());
    data.put("test_limit", c.data().testLimit());
    ObjectNode t = o.putObject("training");
    t.put("epochs", c.training().epochs());
    t.put("batch_size", c.training().batchSize());
    t.put("optimizer", c.training().optimizer().name());
    c.training().optimizer().params().forEach((k, v) -> t.putPOJO(k, v));
    o.put("seed", c.seed());
    o.put("seeding", c.seeding().key());
    o.put("repeats", c.repeats());
    o.putObject("ranking").put("alpha", c.alpha());
    o.put("threads", c.threads());
    o.put("out", c.out().toString());
    o.put("max_trials", c.maxTrials());
    o.put("scheduler", c.halving().isPresent() ? "halving" : "grid");
    c.halving().ifPresent(h -> {
      ObjectNode halving = o.putObject("halving");
      ArrayNode rungs = halving.putArray("rungs");
      h.rungs().forEach(rungs::add);
      halving.put("reduction_factor", h.reductionFactor());
    });
    ArrayNode grid = o.putArray("grid");
    for (GridEntry e : c.grid()) {
      ObjectNode g = grid.addObject();
      g.put("family", e.family());
      g.put("location", e.location());
      ArrayNode points = g.putArray("points");
      for (GridPoint p : e.points()) {
        ObjectNode params = points.addObject();
        p.schedule().params().forEach((k, v) -> params.putPOJO(k, v));
      }
    }
    o.put("trials", plan.trials().size());
    return o;
  }
}
