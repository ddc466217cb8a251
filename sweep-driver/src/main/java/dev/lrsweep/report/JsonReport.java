package dev.lrsweep.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ranking.json}, for scripts: the verdict, the grid points with the columns of {@code
 * ranking.csv} (same names), every completed trial ({@code ranking}, as {@code trials.csv}) and
 * the failures. Undefined numbers (std of one seed, loss of a trial that never ran) are {@code null}.
 */
public final class JsonReport implements ReportWriter {
  /** The file's name. */
  public static final String FILE = "ranking.json";

  @Override
  public List<Path> write(Ranking ranking, OutputDir out) throws IOException {
    Path file = out.resolve(FILE);
    OutputDir.replace(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(ranking)));
    return List.of(file);
  }

  static ObjectNode toJson(Ranking ranking) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("grouped", ranking.grouped());
    o.put("alpha", ranking.alpha());
    o.put("verdict", ranking.verdict());
    ArrayNode rows = o.putArray("ranking");
    for (RankedTrial row : ranking.rows()) {
      TrialRecord r = row.trial();
      TrialResult t = r.result();
      ObjectNode n = rows.addObject();
      n.put("rank", row.rank());
      n.put("trial_id", r.trialId());
      n.put("family", r.family());
      n.put("label", r.label());
      n.put("grid_point", r.gridPoint());
      n.put("repeat", r.repeat());
      n.put("status", t.status().name());
      number(n, "final_accuracy", t.finalAccuracy());
      number(n, "best_accuracy", t.bestAccuracy());
      if (t.bestEpoch() < 0) {
        n.putNull("best_epoch");
      } else {
        n.put("best_epoch", t.bestEpoch() + 1); // counted from 1, as in every ranking
      }
      number(n, "final_loss", t.finalLoss());
      n.put("epochs", t.epochsRun());
      number(n, "seconds", t.seconds());
      number(n, "mean_accuracy", row.point().meanAccuracy());
      number(n, "std_accuracy", row.point().stdAccuracy());
      n.put("seeds", row.point().seeds());
    }
    ArrayNode points = o.putArray("grid_points");
    int rank = 0;
    for (PointSummary p : ranking.points()) {
      ObjectNode n = points.addObject();
      n.put("rank", ++rank);
      n.put("grid_point", p.gridPoint());
      n.put("family", p.family());
      n.put("label", p.label());
      VsBest v = p.vsBest();
      n.put("repeats", p.seeds());
      number(n, "mean_accuracy", p.meanAccuracy());
      number(n, "std_accuracy", p.stdAccuracy());
      number(n, "ci95_low", p.ci95Low());
      number(n, "ci95_high", p.ci95High());
      number(n, "diff_vs_best", v.diff());
      number(n, "diff_ci95_low", v.diffLow());
      number(n, "diff_ci95_high", v.diffHigh());
      number(n, "p_vs_best", v.p());
      number(n, "p_vs_best_holm", v.pHolm());
      number(n, "p_vs_best_exact", v.pExact());
      n.put("tied_with_best", v.tied());
      number(n, "mean_loss", p.meanLoss());
      n.put("comparison", v.test().key());
      n.put("pairs", v.pairs());
      n.put("seeds", p.seeds());
    }
    ArrayNode failures = o.putArray("failures");
    for (TrialRecord r : ranking.failures()) {
      ObjectNode n = failures.addObject();
      n.put("trial_id", r.trialId());
      n.put("family", r.family());
      n.put("label", r.label());
      n.put("status", r.result().status().name());
      n.put("epochs", r.result().epochsRun());
      number(n, "seconds", r.result().seconds());
      n.put("message", r.result().message());
    }
    return o;
  }

  private static void number(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    } else {
      n.putNull(key);
    }
  }
}
