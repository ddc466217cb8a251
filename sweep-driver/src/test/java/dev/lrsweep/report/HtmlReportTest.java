package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.StoredResults;
import dev.lrsweep.store.TrialRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes report.html from hand-made results and checks it as text: no browser (see BrowserReportTest). */
class HtmlReportTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
  private static final Pattern DATA_URI = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"[^>]*"
      + "data-chart=\"([a-z-]+)\"");

  @TempDir Path dir;

  private String write(List<TrialRecord> trials) throws Exception {
    List<Path> files = new HtmlReport(CLOCK).write(Ranking.of(trials), new OutputDir(dir));
    assertEquals(dir.resolve("report.html"), files.get(0));
    return Files.readString(dir.resolve("report.html"));
  }

  /** The part of the page from {@code <... id="ID"} to the end of that element's table or section. */
  private static String section(String html, String id, String end) {
    int from = html.indexOf("id=\"" + id + "\"");
    assertTrue(from >= 0, "no element with id " + id);
    int to = html.indexOf(end, from);
    assertTrue(to > from, "no " + end + " after id " + id);
    return html.substring(from, to);
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Map<String, byte[]> embeddedCharts(String html) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    Matcher m = DATA_URI.matcher(html);
    while (m.find()) {
      out.put(m.group(2), Base64.getDecoder().decode(m.group(1)));
    }
    return out;
  }

  @Test
  void rankingTableListsEveryCompletedTrialInRankOrderWithGridPointRanks() throws Exception {
    String html = write(HtmlReportFixtures.repeated());
    String table = section(html, "ranking-table", "</table>");
    // points by mean: cosine 0.60, step 0.53, warmup 0.52, const 0.40, exp 0.30; seeds by accuracy within
    assertEquals(List.of("cosine-lr0.1-r0", "cosine-lr0.1-r1", "step-lr0.1-r0", "step-lr0.1-r1", "warmup-lr0.1-r0",
        "warmup-lr0.1-r1", "const-lr0.1-r1", "exp-lr0.1-r1"), all(Pattern.compile("<div class=\"tid\">([^<]+)</div>"), table));
    assertEquals(List.of("1", "1", "2", "2", "3", "3", "4", "5"),
        all(Pattern.compile("<tr(?: class=\"top\")?><td class=\"num\" data-v=\"[^\"]*\">(\\d+)</td>"), table));
    // the three best points are marked, as the charts colour them: six rows (two seeds each)
    assertEquals(6, all(Pattern.compile("(<tr class=\"top\">)"), table).size());
    // sort keys keep full precision: 0.62 shows as 0.6200 and sorts as 0.62
    assertTrue(table.contains("<td class=\"num\" data-v=\"0.62\">0.6200</td>"), table);
    // every header sorts, numbers as numbers
    // rank, schedule, seed, final acc, best acc, best epoch, final loss, epochs, inherited, seconds, img/s
    assertEquals(11, all(Pattern.compile("(<th data-key=)"), table).size());
    assertTrue(table.contains("<th data-key=\"epochs_inherited\" data-type=\"num\""), table);
    assertFalse(html.contains("id=\"sharing\""), "no sharing sentence when nothing was inherited");
    assertTrue(table.contains("<th data-key=\"final_accuracy\" data-type=\"num\""), table);
    assertTrue(table.contains("<th data-key=\"label\" data-type=\"text\""), table);
  }

  @Test
  void everyTrialIdIsInThePageAndFailuresHaveTheirOwnTableWithMessages() throws Exception {
    String html = write(HtmlReportFixtures.repeated());
    for (TrialRecord r : HtmlReportFixtures.repeated()) {
      assertTrue(html.contains(r.trialId()), "missing " + r.trialId());
    }
    String failures = section(html, "failures-table", "</table>");
    // DIVERGED before FAILED, as Ranking orders them
    assertEquals(List.of("exp-lr0.1-r0", "const-lr0.1-r0"), all(Pattern.compile("<div class=\"tid\">([^<]+)</div>"), failures));
    assertTrue(failures.contains("<span class=\"status DIVERGED\">DIVERGED</span>"), failures);
    assertTrue(failures.contains("test loss is NaN at epoch 2"), failures);
    assertFalse(section(html, "ranking-table", "</table>").contains("exp-lr0.1-r0"), "diverged trials are not ranked");
  }

  @Test
  void stringsFromResultsAreEscaped() throws Exception {
    HtmlReportFixtures.writeManifest(dir);
    String html = write(HtmlReportFixtures.repeated());
    // EVIL_MESSAGE = IllegalStateException: <script>alert("x")</script> & 'more'
    assertTrue(html.contains("IllegalStateException: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;"),
        "escaped message");
    assertFalse(html.contains("<script>alert"), "the message's script must not reach the page as markup");
    assertEquals(1, all(Pattern.compile("(<script)"), html).size(), "only the page's own script");
    // EVIL_LABEL = const(lr=0.5,<b>bold</b>), wrapped after its commas
    assertTrue(html.contains("const(lr=0.5,<wbr>&lt;b&gt;bold&lt;/b&gt;)"), "escaped label");
    assertFalse(html.contains("<b>bold</b>"));
    // sweep.json's source is conf/<quick>.conf
    assertTrue(html.contains("conf/&lt;quick&gt;.conf"), "escaped config value");
    assertEquals("a &lt;b&gt; &amp;amp; &quot;c&quot; &#39;d&#39;", Html.esc("a <b> &amp; \"c\" 'd'"));
  }

  @Test
  void chartsAreEmbeddedPngsThatAlsoExistAsFiles() throws Exception {
    String html = write(HtmlReportFixtures.repeated());
    Map<String, byte[]> charts = embeddedCharts(html);
    assertEquals(List.of("accuracy-forest", "learning-rate", "learning-rate-log", "test-accuracy", "test-loss"),
        charts.keySet().stream().sorted().toList());
    for (Map.Entry<String, byte[]> c : charts.entrySet()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(c.getValue()));
      assertNotNull(image, c.getKey() + " is not a PNG ImageIO can read");
      assertEquals(1100, image.getWidth(), c.getKey());
      Path file = dir.resolve("charts").resolve(c.getKey() + ".png");
      assertArrayEquals(Files.readAllBytes(file), c.getValue(), "charts/" + c.getKey() + ".png is the embedded image");
    }
    // the learning-rate chart has two views and a switch between them
    assertTrue(html.contains("<input type=\"checkbox\" id=\"lr-log-toggle\">"));
    assertTrue(html.contains("<figure id=\"lr-log\" hidden>"));
  }

  @Test
  void thePageIsSelfContained() throws Exception {
    HtmlReportFixtures.writeManifest(dir);
    String html = write(HtmlReportFixtures.repeated());
    // every src and href is an embedded image or a link within the page
    for (String ref : all(Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\""), html)) {
      assertTrue(ref.startsWith("data:image/png;base64,") || ref.startsWith("#"), "external reference: " + ref);
    }
    assertFalse(html.contains("http://") || html.contains("https://"), "no network address anywhere");
    assertFalse(html.contains("url("), "no CSS that loads anything");
    assertFalse(html.contains("<link"), "no stylesheet links");
    // and the browser is told so: only embedded images and the page's own script, by hash
    assertTrue(html.contains("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '"
        + HtmlReport.scriptHash() + "'"), "content security policy");
    String script = html.substring(html.indexOf("<script>") + 8, html.indexOf("</script>"));
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("sha256-" + Base64.getEncoder().encodeToString(digest), HtmlReport.scriptHash(),
        "the policy's hash is the hash of the script the page holds");
  }

  /** The displayed numeric cells of each row of a table section. */
  private static List<List<String>> numericRows(String table) {
    return all(Pattern.compile("(?s)<tr[^>]*>(.*?)</tr>"), table).stream()
        .map(row -> all(Pattern.compile("<td class=\"num\" data-v=\"[^\"]*\">([^<]*)</td>"), row))
        .filter(cells -> !cells.isEmpty())
        .toList();
  }

  @Test
  void repeatsGetMeanIntervalAndPairedDifferencePerGridPointWithAForestPlot() throws Exception {
    String html = write(HtmlReportFixtures.repeated());
    String points = section(html, "points-table", "</table>");
    // by hand (fixture Javadoc): std = sqrt(sum (x - mean)^2 / (n - 1))
    //   cosine 0.62, 0.58: mean 0.60, std sqrt((0.02^2 + 0.02^2) / 1) = 0.02828
    //   step   0.55, 0.51: mean 0.53, std 0.02828
    //   warmup 0.57, 0.47: mean 0.52, std sqrt(2 * 0.05^2) = 0.07071
    //   const  0.40 (one completed seed), exp 0.30 (the other diverged): no std
    List<List<String>> rows = numericRows(points);
    assertEquals(List.of("0.6000", "0.5300", "0.5200", "0.4000", "0.3000"), rows.stream().map(r -> r.get(2)).toList());
    assertEquals(List.of("0.0283", "0.0283", "0.0707", "-", "-"), rows.stream().map(r -> r.get(3)).toList());
    // cosine: 0.60 ± t(0.975, 1) * 0.02828 / sqrt 2 = 0.60 ± 12.706 * 0.02 = 0.60 ± 0.2541
    assertEquals("0.3459 to 0.8541", rows.get(0).get(4));
    // step against cosine: differences 0.55 - 0.62 = -0.07 and 0.51 - 0.58 = -0.07: identical,
    // so the interval is the point -0.07 and the t-test's p is 0 (an infinite t)
    assertEquals("-0.0700", rows.get(1).get(5));
    assertEquals("-0.0700 to -0.0700", rows.get(1).get(6));
    assertTrue(points.contains("<tr class=\"tied\">"), "the best row is marked");
    assertTrue(html.contains("data-chart=\"accuracy-forest\""), "forest plot");
    assertTrue(Files.isRegularFile(dir.resolve("charts/accuracy-forest.png")));
    assertTrue(html.contains("mean final test accuracy <b>0.6000</b> ± 0.0283 over 2 seeds"), "headline");
    assertTrue(html.contains("<p class=\"verdict\" id=\"verdict\">Best: "), "one verdict sentence");
  }

  @Test
  void withoutRepeatsThePointTableHasWilsonIntervalsAndMcNemar() throws Exception {
    String html = write(HtmlReportFixtures.single());
    assertTrue(html.contains("id=\"points\""), "grid-point section");
    assertTrue(html.contains("McNemar"), "the one-seed test is named");
    assertTrue(html.contains("One seed per schedule cannot separate the schedule from seed luck"), "verdict");
    assertFalse(html.contains(" ± "), "no spreads without repeats");
    assertEquals(List.of("accuracy-forest", "learning-rate", "learning-rate-log", "test-accuracy", "test-loss"),
        embeddedCharts(html).keySet().stream().sorted().toList());
    // cosine 0.62 > warmup 0.57 > step 0.55
    assertEquals(List.of("cosine-lr0.1-r0", "warmup-lr0.1-r0", "step-lr0.1-r0"),
        all(Pattern.compile("<div class=\"tid\">([^<]+)</div>"), section(html, "ranking-table", "</table>")));
    assertTrue(html.contains("final test accuracy <b>0.6200</b>, loss 1.3800 after 5 epochs"), "headline");
  }

  @Test
  void withoutSweepJsonTheReportSaysSo() throws Exception {
    String html = write(HtmlReportFixtures.single());
    assertTrue(html.contains("No <code>sweep.json</code> in the output directory"), html);
  }

  @Test
  void writeAllAddsTheHtmlReportAndItsChartsAfterTheTables() throws Exception {
    Reports.Written w = Reports.writeAll(new StoredResults(HtmlReportFixtures.single(), List.of()), new OutputDir(dir));
    List<Path> files = w.files();
    assertEquals(List.of(dir.resolve("report.html"), dir.resolve("charts/learning-rate.png"),
        dir.resolve("charts/learning-rate-log.png"), dir.resolve("charts/test-accuracy.png"),
        dir.resolve("charts/test-loss.png"), dir.resolve("charts/accuracy-forest.png")), files.subList(5, files.size()));
    for (Path f : files) {
      assertTrue(Files.size(f) > 0, f + " is empty");
    }
  }

  @Test
  void aSweepWhereEveryTrialFailedStillGetsAPage() throws Exception {
    List<TrialRecord> failedOnly = HtmlReportFixtures.repeated().stream()
        .filter(r -> r.result().history().isEmpty()).toList();
    assertEquals(1, failedOnly.size());
    List<Path> files = new HtmlReport(CLOCK).write(Ranking.of(failedOnly), new OutputDir(dir));
    assertEquals(List.of(dir.resolve("report.html")), files, "no charts: nothing ran an epoch");
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("<p>No trial completed.</p>"), html);
    assertTrue(html.contains("No trial finished an epoch"), html);
    assertTrue(html.contains("const-lr0.1-r0"), html);
  }
}
