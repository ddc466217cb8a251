package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.StoredResults;
import dev.lrsweep.store.TrialFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
  @TempDir Path dir;

  private List<String> lines(String name) throws Exception {
    return Files.readAllLines(dir.resolve(name));
  }

  @Test
  void rankingCsvHasTheExactHeaderQuotedLabelsAndFullPrecision() throws Exception {
    new CsvReport().write(Ranking.of(RankingTest.single()), new OutputDir(dir));
    List<String> csv = lines("ranking.csv");
    assertEquals("rank,trial_id,family,label,status,final_accuracy,best_accuracy,best_epoch,final_loss,epochs,seconds",
        csv.get(0));
    // fixture: best = final at epoch index 1 of 2 (the second epoch: best_epoch 2, counted from 1),
    // 21.0 s; the label holds a comma, so it is quoted
    assertEquals("1,b-r0,b,\"label of b (a, b)\",COMPLETED,0.8,0.8,2,0.7,2,21.0", csv.get(1));
    assertEquals("2,c-r0,c,\"label of c (a, b)\",COMPLETED,0.7,0.7,2,0.8,2,21.0", csv.get(2));
    assertEquals(4, csv.size(), "failed and diverged trials are not ranked");

    List<String> failures = lines("failures.csv");
    assertEquals("trial_id,family,label,status,epochs,seconds,message", failures.get(0));
    assertEquals("e-r0,e,\"label of e (a, b)\",DIVERGED,2,21.0,loss is NaN at epoch 1", failures.get(1));
    assertEquals("d-r0,d,label of d,FAILED,0,1.5,\"OutOfMemoryError, at epoch 0\"", failures.get(2));
  }

  @Test
  void groupedCsvAddsMeanStdAndSeedsWithEmptyStdForOneSeed() throws Exception {
    new CsvReport().write(Ranking.of(RankingTest.repeated()), new OutputDir(dir));
    List<String> csv = lines("ranking.csv");
    assertEquals("rank,trial_id,family,label,status,final_accuracy,best_accuracy,best_epoch,final_loss,epochs,seconds,"
        + "mean_accuracy,std_accuracy,seeds", csv.get(0));
    assertTrue(csv.get(1).startsWith("1,s-r0,"), csv.get(1));
    assertTrue(csv.get(1).endsWith(",0.9,,1"), "one seed: empty std: " + csv.get(1));
    String[] p = csv.get(4).split(",");
    assertEquals("p-r1", p[1]);
    assertEquals("3", p[0]);
    assertEquals(0.6, Double.parseDouble(p[p.length - 3]), 1e-12);
    assertEquals(Math.sqrt(0.02), Double.parseDouble(p[p.length - 2]), 1e-12);
    assertEquals("2", p[p.length - 1]);
  }

  @Test
  void markdownAndConsoleShowRankingAndFailuresWithMessages() throws Exception {
    Ranking r = Ranking.of(RankingTest.single());
    new MarkdownReport().write(r, new OutputDir(dir));
    String md = Files.readString(dir.resolve("ranking.md"));
    assertTrue(md.contains("5 trials: 3 completed, 1 diverged, 1 failed."), md);
    assertTrue(md.contains("| 1 | b-r0 | b | label of b (a, b) | COMPLETED | 0.8000 | 0.8000 (2) | 0.7000 | 2 | 21.0 |"), md);
    assertTrue(md.contains("## Failed and diverged"), md);
    assertTrue(md.contains("| d-r0 | d | label of d | FAILED | 0 | OutOfMemoryError, at epoch 0 |"), md);

    String console = ConsoleReport.render(r);
    assertTrue(console.contains("Failed and diverged:"), console);
    assertTrue(console.contains("loss is NaN at epoch 1"), console);
    String first = console.lines().filter(l -> l.trim().startsWith("1 ")).findFirst().orElseThrow();
    assertTrue(first.contains("b-r0") && first.contains("0.8000"), first);
    // best_epoch column, counted from 1: the second epoch
    assertTrue(first.matches(".*0\\.8000\\s+2\\s+0\\.7000.*"), first);
  }

  @Test
  void groupedMarkdownHasAGridPointTable() throws Exception {
    String md = MarkdownReport.render(Ranking.of(RankingTest.repeated()));
    // p: mean 0.6, std sqrt(0.02) = 0.1414, 2 seeds, mean loss 1.1; s: one seed, std '-'
    assertTrue(md.contains("| 3 | p | p | label of p (a, b) | 0.6000 | 0.1414 | 2 | 1.1000 |"), md);
    assertTrue(md.contains("| 1 | s | s | label of s (a, b) | 0.9000 | - | 1 | 0.5000 |"), md);
  }

  @Test
  void markdownCellsEscapePipesAndFlattenLines() {
    assertEquals("a \\| b c", Cells.md("a | b\n  c"));
  }

  @Test
  void writeAllProducesEveryFileAndJsonMatchesTheRanking() throws Exception {
    Reports.Written w = Reports.writeAll(new StoredResults(RankingTest.single(), List.of()), new OutputDir(dir));
    // the tables come first; report.html and its charts follow (HtmlReportTest checks those)
    assertEquals(List.of(dir.resolve("ranking.csv"), dir.resolve("failures.csv"), dir.resolve("ranking.md"),
        dir.resolve("ranking.json")), w.files().subList(0, 4));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("ranking.json").toFile());
    assertEquals("b-r0", json.get("ranking").get(0).get("trial_id").asText());
    assertTrue(json.get("ranking").get(0).get("std_accuracy").isNull(), "one seed: null std");
    assertEquals(2, json.get("ranking").get(0).get("best_epoch").asInt(), "counted from 1");
    assertEquals(2, json.get("failures").size());
  }
}
