package dev.lrsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lrsweep.store.OutputDir;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium and reads back what the page's own script recorded on
 * {@code <body data-*>} (see report.js): it loaded and initialised, no script error, console.error
 * or content-security refusal happened, every image decoded, and the sort a {@code #sort=} link
 * asks for ran through the header's click handler. Chromium's own console log (stderr) must be
 * silent too. Fails, rather than skips, without Chromium: the page's script is tested nowhere else.
 */
@Tag("browser")
class BrowserReportTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("lrsweep.chromium", "/usr/bin/chromium"));
  private static final long TIMEOUT_SECONDS = 90;
  private static final Pattern TID = Pattern.compile("<div class=\"tid\">([^<]+)</div>");

  @TempDir static Path out;
  @TempDir Path profile;

  @BeforeAll
  static void writeReport() throws IOException {
    HtmlReportFixtures.writeManifest(out);
    new HtmlReport().write(Ranking.of(HtmlReportFixtures.repeated()), new OutputDir(out));
  }

  /** What Chromium printed: the DOM (stdout) and its log (stderr). */
  private record Run(String stdout, String stderr) {}

  private Run chromium(String... args) throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("Chromium is needed to test report.html and was not found at " + CHROMIUM + " (or set -Dlrsweep.chromium=PATH);"
          + " on Debian/Ubuntu install it with: apt-get update && apt-get install -y chromium");
    }
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(profile, "chromium"),
        "--enable-logging=stderr", "--v=0",
        // lets the load event and the page's script finish before the DOM is dumped
        "--virtual-time-budget=10000"));
    cmd.addAll(List.of(args));
    Path stdout = Files.createTempFile(profile, "stdout", ".txt");
    Path stderr = Files.createTempFile(profile, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd + "\n" + Files.readString(stderr));
    }
    Run run = new Run(Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    assertEquals(0, p.exitValue(), "Chromium exit status for " + cmd + "\n" + run.stderr);
    return run;
  }

  private Run dumpDom(String fragment) throws Exception {
    return chromium("--dump-dom", out.resolve("report.html").toUri() + fragment);
  }

  private static String bodyAttribute(String dom, String name) {
    Matcher m = Pattern.compile("<body[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), "no " + name + " on <body>: the page's script did not run to the end");
    return m.group(1);
  }

  private static List<String> idsIn(String dom, String tableId) {
    int from = dom.indexOf("id=\"" + tableId + "\"");
    assertTrue(from >= 0, "no table " + tableId + " in the rendered page");
    String table = dom.substring(from, dom.indexOf("</table>", from));
    List<String> ids = new ArrayList<>();
    Matcher m = TID.matcher(table);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The page loaded cleanly: no errors recorded by the page and none in Chromium's console log. */
  private static void assertClean(Run run) {
    String dom = run.stdout;
    assertEquals("1", bodyAttribute(dom, "data-ready"), "the page finished initialising");
    assertEquals("0", bodyAttribute(dom, "data-errors"),
        () -> "errors recorded by the page: " + bodyAttribute(dom, "data-error-messages"));
    List<String> console = run.stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    assertEquals(List.of(), console, "Chromium's console log must be empty");
  }

  @Test
  void everyChartRendersTheTablesAreThereAndNothingErrs() throws Exception {
    Run run = dumpDom("");
    assertClean(run);
    String dom = run.stdout;
    // five charts: learning rate (linear and log), test accuracy, test loss, spread per grid point
    assertEquals("5", bodyAttribute(dom, "data-images"));
    assertEquals("0", bodyAttribute(dom, "data-images-broken"), "every <img> decoded (naturalWidth > 0)");
    assertEquals(List.of("cosine-lr0.1-r0", "cosine-lr0.1-r1", "step-lr0.1-r0", "step-lr0.1-r1", "warmup-lr0.1-r0",
        "warmup-lr0.1-r1", "const-lr0.1-r1", "exp-lr0.1-r1"), idsIn(dom, "ranking-table"));
    assertEquals(List.of("exp-lr0.1-r0", "const-lr0.1-r0"), idsIn(dom, "failures-table"));
    // the failed trial's <script> stayed text: the page has exactly its own script element
    assertEquals(1, Pattern.compile("<script").matcher(dom).results().count(), "script elements in the live DOM");
    assertTrue(dom.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"), "the message shows as text");
    // the log-scale switch initialised: linear shown, log hidden
    assertTrue(dom.contains("<figure id=\"lr-linear\">"), "linear learning-rate chart shown");
    assertTrue(dom.contains("<figure id=\"lr-log\" hidden=\"\">"), "log chart hidden until asked for");
  }

  @Test
  void clickingANumericHeaderSortsByValueAscendingThenDescending() throws Exception {
    // the #sort= link clicks the header once (ascending), twice for descending
    Run asc = dumpDom("#sort=ranking-table:final_accuracy:asc");
    assertClean(asc);
    assertTrue(asc.stdout.contains("data-sorted-by=\"final_accuracy:asc\""), "sorted state recorded");
    // fixture final accuracies: exp r1 0.30, const r1 0.40, warmup r1 0.47, step r1 0.51, step r0 0.55,
    // warmup r0 0.57, cosine r1 0.58, cosine r0 0.62
    assertEquals(List.of("exp-lr0.1-r1", "const-lr0.1-r1", "warmup-lr0.1-r1", "step-lr0.1-r1", "step-lr0.1-r0",
        "warmup-lr0.1-r0", "cosine-lr0.1-r1", "cosine-lr0.1-r0"), idsIn(asc.stdout, "ranking-table"));

    Run desc = dumpDom("#sort=ranking-table:seconds:desc");
    assertClean(desc);
    // every trial ran 90.0 s: a stable sort keeps the rank order
    assertEquals(List.of("cosine-lr0.1-r0", "cosine-lr0.1-r1", "step-lr0.1-r0", "step-lr0.1-r1", "warmup-lr0.1-r0",
        "warmup-lr0.1-r1", "const-lr0.1-r1", "exp-lr0.1-r1"), idsIn(desc.stdout, "ranking-table"));
    assertTrue(desc.stdout.contains("aria-sort=\"descending\""));
  }

  @Test
  void textColumnsSortAsTextAndNumbersAsNumbers() throws Exception {
    // labels descending: warmup_cosine > step > exponential > cosine > const (case-insensitive)
    Run byLabel = dumpDom("#sort=ranking-table:label:desc");
    assertClean(byLabel);
    assertEquals(List.of("warmup-lr0.1-r0", "warmup-lr0.1-r1", "step-lr0.1-r0", "step-lr0.1-r1", "exp-lr0.1-r1",
        "cosine-lr0.1-r0", "cosine-lr0.1-r1", "const-lr0.1-r1"), idsIn(byLabel.stdout, "ranking-table"));
    // failures by epochs run, ascending: the failed one ran 0, the diverged one 3
    Run byEpochs = dumpDom("#sort=failures-table:epochs:asc");
    assertClean(byEpochs);
    assertEquals(List.of("const-lr0.1-r0", "exp-lr0.1-r0"), idsIn(byEpochs.stdout, "failures-table"));
  }

  @Test
  void aSortLinkToAMissingColumnIsReportedByThePage() throws Exception {
    // the self-check must be able to fail: a bad link is recorded as an error
    Run run = dumpDom("#sort=ranking-table:no_such_column:asc");
    assertEquals("1", bodyAttribute(run.stdout, "data-errors"));
    assertTrue(bodyAttribute(run.stdout, "data-error-messages").contains("no column no_such_column"));
  }

  @Test
  void aScreenshotShowsThePage() throws Exception {
    Path shot = out.resolve("screenshot.png");
    chromium("--hide-scrollbars", "--screenshot=" + shot, "--window-size=1280,2200",
        out.resolve("report.html").toUri().toString());
    BufferedImage image = ImageIO.read(shot.toFile());
    assertNotNull(image, "Chromium wrote no readable screenshot at " + shot);
    assertEquals(1280, image.getWidth());
    assertEquals(2200, image.getHeight());
    // the ranking's top row is marked with a green bar (#2c7a3f): the table was laid out and painted
    boolean green = false;
    for (int y = 0; y < 700 && !green; y++) {
      for (int x = 0; x < 200 && !green; x++) {
        green = (image.getRGB(x, y) & 0xffffff) == 0x2c7a3f;
      }
    }
    assertTrue(green, "no trace of the ranking table's top-row marker in the screenshot");
  }
}
