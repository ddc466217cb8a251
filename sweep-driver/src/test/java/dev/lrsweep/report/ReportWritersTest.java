package dev.lrsweep.report;

import static dev.lrsweep.store.TrialFixtures.completed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.StoredResults;
import dev.lrsweep.store.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
  @TempDir Path dir;

  private List<String> lines(String name) throws Exception {
    return Files.readAllLines(dir.resolve(name));
  }

  /**
   * Three grid points, three paired seeds each. Against the best a (0.80, 0.78, 0.82; mean 0.80,
   * std 0.02):
   * b (0.79, 0.76, 0.81): differences -0.01, -0.02, -0.01, mean -1/75, std 0.0057735, t = -4;
   * c (0.70, 0.69, 0.71): differences -0.10, -0.09, -0.11, mean -0.10, std 0.01, t = -10 sqrt 3.
   */
  static List<TrialRecord> paired() {
    List<TrialRecord> out = new ArrayList<>();
    double[][] acc = {{0.80, 0.78, 0.82}, {0.79, 0.76, 0.81}, {0.70, 0.69, 0.71}};
    String[] points = {"a", "b", "c"};
    for (int p = 0; p < 3; p++) {
      for (int r = 0; r < 3; r++) {
        out.add(completed(points[p], r, acc[p][r], 1.0 - acc[p][r]));
      }
    }
    return out;
  }

  /** Two-sided p of Student's t with 2 degrees of freedom, closed form: 1 - |t| / sqrt(2 + t^2). */
  private static double pT2(double t) {
    return 1 - Math.abs(t) / Math.sqrt(2 + t * t);
  }

  @Test
  void rankingCsvHasOneRowPerGridPointWithTheStatisticsColumns() throws Exception {
    new CsvReport().write(Ranking.of(paired()), new OutputDir(dir));
    List<String> csv = lines("ranking.csv");
    assertEquals("rank,grid_point,family,label,repeats,mean_accuracy,std_accuracy,ci95_low,ci95_high,diff_vs_best,"
        + "diff_ci95_low,diff_ci95_high,p_vs_best,p_vs_best_holm,p_vs_best_exact,tied_with_best,mean_loss,comparison",
        csv.get(0));
    assertEquals(4, csv.size(), "one row per grid point");
    List<String> header = List.of(csv.get(0).split(","));
    String[] a = csv.get(1).split(",", -1);
    String[] b = csv.get(2).split(",", -1);
    String[] c = csv.get(3).split(",", -1);
    int col = header.indexOf("label") + 1; // the label "label of a (a, b)" is quoted and holds one comma
    assertEquals("\"label of a (a", a[3]);
    assertEquals("3", a[col + 1]);
    // t table: t(0.975, 2) = 4.303
    double halfA = 4.303 * 0.02 / Math.sqrt(3);
    assertEquals(0.80, Double.parseDouble(a[col + 2]), 1e-12);
    assertEquals(0.02, Double.parseDouble(a[col + 3]), 1e-12);
    assertEquals(0.80 - halfA, Double.parseDouble(a[col + 4]), 1e-5);
    assertEquals(0.80 + halfA, Double.parseDouble(a[col + 5]), 1e-5);
    assertEquals(0.0, Double.parseDouble(a[col + 6]));
    for (int i = 7; i <= 11; i++) {
      assertEquals("", a[col + i], "the best has no difference interval nor p-values: column " + i);
    }
    assertEquals("true", a[col + 12]);
    assertEquals("best", a[col + 14]);

    // b: mean diff -1/75, t = -4, p = 1 - 4 / sqrt(18); diff interval -1/75 ± 4.303 * 0.0057735 / sqrt 3
    double pB = pT2(4);
    double pC = pT2(10 * Math.sqrt(3));
    assertEquals(-1.0 / 75, Double.parseDouble(b[col + 6]), 1e-12);
    assertEquals(-1.0 / 75 - 4.303 / 300, Double.parseDouble(b[col + 7]), 1e-5);
    assertEquals(-1.0 / 75 + 4.303 / 300, Double.parseDouble(b[col + 8]), 1e-5);
    assertEquals(pB, Double.parseDouble(b[col + 9]), 1e-9);
    // Holm over m = 2: c first (2 pC), then b (1 pB), kept monotone: max(2 pC, pB) = pB
    assertEquals(Math.max(2 * pC, pB), Double.parseDouble(b[col + 10]), 1e-9);
    assertEquals(2.0 / 8, Double.parseDouble(b[col + 11]), 1e-15, "all three differences negative");
    assertEquals("true", b[col + 12], "p_holm = 0.057 >= 0.05: tied");
    assertEquals("paired_t", b[col + 14]);

    assertEquals(-0.10, Double.parseDouble(c[col + 6]), 1e-12);
    assertEquals(pC, Double.parseDouble(c[col + 9]), 1e-9);
    assertEquals(2 * pC, Double.parseDouble(c[col + 10]), 1e-9);
    assertEquals("false", c[col + 12], "p_holm = 0.0066 < 0.05: worse");

    List<String> trials = lines("trials.csv");
    assertEquals("rank,trial_id,family,label,status,final_accuracy,best_accuracy,best_epoch,final_loss,epochs,epochs_trained,"
        + "epochs_inherited,seconds,"
        + "mean_accuracy,std_accuracy,seeds", trials.get(0));
    assertEquals(10, trials.size(), "every completed trial");
  }

  @Test
  void alphaDecidesTheTie() {
    // at alpha 0.1 b's Holm p of 0.057 is significant
    Ranking r = Ranking.of(paired(), 0.1);
    assertFalse(r.points().get(1).tied());
    assertTrue(Ranking.of(paired()).points().get(1).tied());
  }

  @Test
  void oneSeedRankingUsesWilsonAndMcNemarAndSaysSeedLuckCannotBeSeparated() throws Exception {
    Ranking r = Ranking.of(RankingTest.single());
    new CsvReport().write(r, new OutputDir(dir));
    List<String> csv = lines("ranking.csv");
    // b: 0.8 of the fixture's 20 test images = 16; Wilson by hand (z = 1.96): centre 0.8 + z^2/40,
    // half z sqrt(0.16/20 + z^2/1600), both over 1 + z^2/20 -> 0.5840 to 0.9193
    String[] b = csv.get(1).split(",", -1);
    assertEquals("1", b[0]);
    assertEquals(0.5840, Double.parseDouble(b[8]), 1e-3);
    assertEquals(0.9193, Double.parseDouble(b[9]), 1e-3);
    // every fixture trial predicts the same 20 images alike: no discordant image, McNemar p = 1
    String[] c = csv.get(2).split(",", -1);
    assertEquals("1.0", c[13]);
    assertEquals("true", c[16]);
    assertEquals("mcnemar", c[18]);

    String console = ConsoleReport.render(r).replace('\n', ' ');
    assertTrue(console.contains("One seed per schedule cannot separate the schedule from seed luck"), console);
    assertTrue(console.contains("repeats >= 3"), console);
  }

  @Test
  void markdownAndConsoleShowRankingAndFailuresWithMessages() throws Exception {
    Ranking r = Ranking.of(RankingTest.single());
    new MarkdownReport().write(r, new OutputDir(dir));
    String md = Files.readString(dir.resolve("ranking.md"));
    assertTrue(md.contains("5 trials: 3 completed, 1 diverged, 1 failed."), md);
    assertTrue(md.contains("| 1 | b-r0 | b | label of b (a, b) | COMPLETED | 0.8000 | 0.8000 (2) | 0.7000 | 2 | 21.0 |"), md);
    assertTrue(md.contains("## Verdict"), md);
    assertTrue(md.contains("## Failed and diverged"), md);
    assertTrue(md.contains("| d-r0 | d | label of d | FAILED | 0 | OutOfMemoryError, at epoch 0 |"), md);

    String console = ConsoleReport.render(r);
    assertTrue(console.contains("Failed and diverged:"), console);
    assertTrue(console.contains("loss is NaN at epoch 1"), console);
    String first = console.lines().filter(l -> l.trim().startsWith("1 ")).findFirst().orElseThrow();
    assertTrue(first.contains("label of b") && first.contains("0.8000"), first);
    // best_epoch column, counted from 1: the second epoch
    assertTrue(first.matches(".*0\\.8000\\s+2\\s+0\\.7000.*"), first);
  }

  @Test
  void consoleMarksTheBestAndTheTiedGroupAndFitsIn120Columns() {
    List<TrialRecord> trials = new ArrayList<>(paired());
    // a label far wider than the console
    String longPoint = "warmup_cosine-" + "x".repeat(150);
    for (int r = 0; r < 3; r++) {
      trials.add(completed(longPoint, r, 0.5, 2.0));
    }
    String console = ConsoleReport.render(Ranking.of(trials));
    for (String line : console.lines().toList()) {
      assertTrue(line.length() <= 120, line.length() + " columns: " + line);
    }
    String a = console.lines().filter(l -> l.contains("label of a")).findFirst().orElseThrow();
    String b = console.lines().filter(l -> l.contains("label of b")).findFirst().orElseThrow();
    String c = console.lines().filter(l -> l.contains("label of c")).findFirst().orElseThrow();
    assertTrue(a.startsWith("*"), a);
    assertTrue(b.startsWith("="), b);
    assertTrue(c.startsWith(" "), c);
    // 0.800 ± 4.303 * 0.02 / sqrt 3 = 0.0497 -> "0.800 ± 0.050"
    assertTrue(a.contains("0.800 ± 0.050"), a);
    // b: -0.013 ± 4.303 * 0.0057735 / sqrt 3 = 0.0143
    assertTrue(b.contains("-0.013 ± 0.014"), b);
    String flat = console.replace('\n', ' ');
    assertTrue(flat.contains("Tied with it"), console);
    assertTrue(flat.contains("Significantly worse: label of c (a, b)"), console);
  }

  @Test
  void groupedMarkdownHasAGridPointTableWithTheStatistics() {
    String md = MarkdownReport.render(Ranking.of(paired()));
    assertTrue(md.contains("| 1 | a | label of a (a, b) | 3 | 0.8000 | 0.0200 | 0.7503 to 0.8497 | 0.0000 | - | - | - | - | best |"),
        md);
    assertTrue(md.contains("| 3 | c | label of c (a, b) | 3 | 0.7000 |"), md);
    assertTrue(md.contains("| no |"), md);
  }

  @Test
  void markdownCellsEscapePipesAndFlattenLines() {
    assertEquals("a \\| b c", Cells.md("a | b\n  c"));
  }

  @Test
  void writeAllProducesEveryFileAndJsonMatchesTheRanking() throws Exception {
    Reports.Written w = Reports.writeAll(new StoredResults(paired(), List.of()), new OutputDir(dir));
    // the tables come first; report.html and its charts follow (HtmlReportTest checks those)
    assertEquals(List.of(dir.resolve("ranking.csv"), dir.resolve("trials.csv"), dir.resolve("failures.csv"),
        dir.resolve("ranking.md"), dir.resolve("ranking.json")), w.files().subList(0, 5));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("ranking.json").toFile());
    assertEquals(9, json.get("ranking").size(), "per-trial rows stay in ranking.json");
    JsonNode points = json.get("grid_points");
    assertEquals(3, points.size());
    for (String column : CsvReport.STATISTICS.split(",")) {
      assertTrue(points.get(1).has(column), column);
    }
    assertTrue(points.get(0).get("p_vs_best").isNull(), "the best has no p-value");
    assertTrue(points.get(0).get("tied_with_best").asBoolean());
    assertEquals(0.05, json.get("alpha").asDouble());
    assertTrue(json.get("verdict").asText().startsWith("Best: label of a (a, b)"), json.get("verdict").asText());
  }
}
