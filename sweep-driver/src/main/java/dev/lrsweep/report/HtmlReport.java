package dev.lrsweep.report;

import static dev.lrsweep.report.Html.esc;
import static dev.lrsweep.report.Html.sortKey;

import dev.lrsweep.store.OutputDir;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.TrialResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code report.html}: the sweep in one self-contained page a user can open or attach: the ranked
 * table (sortable in the browser), failed and diverged trials with their messages, the learning
 * rate of every schedule (linear or log scale), test accuracy and loss per epoch with the best
 * grid points highlighted, with repeats each grid point's mean and spread, each trial's per-class
 * report and confusion heatmap, and the configuration and provenance of the run.
 *
 * <p>Self-contained: charts are embedded as base64 PNG {@code data:} URIs, CSS and the script are
 * inline, and a Content-Security-Policy refuses anything else, so the page never reaches the
 * network. The charts are also written to {@code charts/*.png} for papers and slides.
 *
 * <p>Every string from the results (ids, labels, messages, config values) is HTML-escaped; the
 * policy also allows only the page's own script (by its SHA-256), a second line of defence should
 * an escape ever be missed.
 */
public final class HtmlReport implements ReportWriter {
  /** The page's file name in OUT. */
  public static final String FILE = "report.html";

  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");

  private final Clock clock;
  private final List<RunningTrial> running;

  /** A report stamped with the current time. */
  public HtmlReport() {
    this(Clock.systemUTC(), List.of());
  }

  /**
   * The live report of a sweep in progress: also shows {@code running} trials with their partial
   * curves.
   */
  public HtmlReport(List<RunningTrial> running) {
    this(Clock.systemUTC(), running);
  }

  /** A report stamped with {@code clock}'s time ("report generated"). */
  HtmlReport(Clock clock) {
    this(clock, List.of());
  }

  HtmlReport(Clock clock, List<RunningTrial> running) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.running = List.copyOf(running);
  }

  @Override
  public List<Path> write(Ranking ranking, OutputDir out) throws IOException {
    Charts charts = Charts.of(ranking);
    List<Path> written = new ArrayList<>();
    Path page = out.resolve(FILE);
    written.add(page);
    for (ReportCharts.Rendered c : charts.all()) {
      Path file = out.resolve(c.file());
      OutputDir.replace(file, c.png());
      written.add(file);
    }
    SweepFacts facts = SweepFacts.of(ranking, out, clock.instant());
    OutputDir.replace(page, render(ranking, charts, facts, running));
    return written;
  }

  /**
   * The report's charts; each is empty where there is nothing to draw.
   *
   * @param rate learning rate, linear y
   * @param rateLog learning rate, log y
   * @param accuracy test accuracy per epoch
   * @param loss test loss per epoch
   * @param forest mean and 95% interval per grid point
   */
  record Charts(Optional<ReportCharts.Rendered> rate, Optional<ReportCharts.Rendered> rateLog,
      Optional<ReportCharts.Rendered> accuracy, Optional<ReportCharts.Rendered> loss,
      Optional<ReportCharts.Rendered> forest) {

    static Charts of(Ranking ranking) throws IOException {
      return new Charts(ReportCharts.learningRate(ranking, false), ReportCharts.learningRate(ranking, true),
          ReportCharts.perEpoch(ranking, ReportCharts.Metric.ACCURACY),
          ReportCharts.perEpoch(ranking, ReportCharts.Metric.LOSS), ReportCharts.forest(ranking));
    }

    List<ReportCharts.Rendered> all() {
      List<ReportCharts.Rendered> out = new ArrayList<>();
      for (Optional<ReportCharts.Rendered> c : List.of(rate, rateLog, accuracy, loss, forest)) {
        c.ifPresent(out::add);
      }
      return out;
    }
  }

  /** The page. */
  static String render(Ranking ranking, Charts charts, SweepFacts facts) {
    return render(ranking, charts, facts, List.of());
  }

  /** The page, with a section for the trials still running (none in a finished sweep's report). */
  static String render(Ranking ranking, Charts charts, SweepFacts facts, List<RunningTrial> running) {
    StringBuilder s = new StringBuilder(256 * 1024);
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    // Nothing but this page's own style, its one script (by hash) and embedded images may load.
    s.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        + "style-src 'unsafe-inline'; script-src '").append(scriptHash()).append("'\">\n");
    s.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.append("<title>lrsweep report: ").append(esc(ConsoleReport.summary(ranking))).append("</title>\n");
    s.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");

    header(s, ranking, charts);
    points(s, ranking, charts);
    running(s, running);
    rankingTable(s, ranking);
    failures(s, ranking);
    curves(s, charts);
    trials(s, ranking);
    provenance(s, facts);

    s.append("<footer>Written by <code>sweep report</code> from <code>results.jsonl</code>. The charts are also in "
        + "<code>charts/*.png</code> next to this file; the tables in <code>ranking.csv</code>, "
        + "<code>ranking.md</code>, <code>ranking.json</code> and <code>failures.csv</code>.</footer>\n");
    s.append("</main>\n<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return s.toString();
  }

  private static void header(StringBuilder s, Ranking ranking, Charts charts) {
    s.append("<header>\n<h1>Learning-rate schedule sweep</h1>\n<p class=\"summary\">")
        .append(esc(ConsoleReport.summary(ranking))).append("</p>\n");
    if (!ranking.rows().isEmpty()) {
      RankedTrial best = ranking.rows().get(0);
      TrialResult t = best.trial().result();
      s.append("<p class=\"best\">Best: <b>").append(esc(best.trial().label())).append("</b> — ");
      if (ranking.grouped()) {
        s.append("mean final test accuracy <b>").append(Cells.fixed(best.point().meanAccuracy(), 4)).append("</b>");
        if (Double.isFinite(best.point().stdAccuracy())) {
          s.append(" ± ").append(Cells.fixed(best.point().stdAccuracy(), 4));
        }
        s.append(" over ").append(best.point().seeds()).append(best.point().seeds() == 1 ? " seed" : " seeds");
        s.append("; its best seed <a href=\"#").append(esc(HtmlTrialDetails.anchor(best.trial()))).append("\">")
            .append(esc(best.trial().trialId())).append("</a> reached ").append(Cells.fixed(t.finalAccuracy(), 4));
      } else {
        s.append("final test accuracy <b>").append(Cells.fixed(t.finalAccuracy(), 4)).append("</b>, loss ")
            .append(Cells.fixed(t.finalLoss(), 4)).append(" after ").append(t.epochsRun()).append(" epochs (<a href=\"#")
            .append(esc(HtmlTrialDetails.anchor(best.trial()))).append("\">").append(esc(best.trial().trialId()))
            .append("</a>)");
      }
      s.append(".</p>\n");
      s.append("<p class=\"verdict\" id=\"verdict\">").append(esc(ranking.verdict())).append("</p>\n");
    }
    s.append("<nav><a href=\"#points\">Grid points</a><a href=\"#ranking\">Trials</a>");
    s.append("<a href=\"#failures\">Failed and diverged</a><a href=\"#learning-rate\">Learning rate</a>"
        + "<a href=\"#curves\">Accuracy and loss</a><a href=\"#trials\">Per-class results</a>"
        + "<a href=\"#provenance\">Configuration and provenance</a></nav>\n</header>\n");
  }

  private static void rankingTable(StringBuilder s, Ranking ranking) {
    s.append("<section id=\"ranking\">\n<h2>Ranking</h2>\n<p class=\"muted\">");
    s.append(ranking.grouped()
        ? "Trials grouped by grid point; grid points ranked by mean final test accuracy over their completed seeds"
            + " (ties: lower mean final loss); seeds of a point share its rank, and the point's mean and spread are in"
            + " the grid-point table below."
        : "Completed trials ranked by final test accuracy (ties: lower final test loss).");
    s.append(" Click a column header to sort.</p>\n");
    sharingSummary(s, ranking);
    if (ranking.rows().isEmpty()) {
      s.append("<p>No trial completed.</p>\n</section>\n");
      return;
    }
    s.append("<div class=\"table-wrap\"><table id=\"ranking-table\" class=\"sortable\">\n<thead><tr>");
    th(s, "rank", "rank", true);
    th(s, "label", "schedule / trial", false);
    if (ranking.grouped()) {
      th(s, "seed", "seed", true);
    }
    th(s, "final_accuracy", "final acc", true);
    th(s, "best_accuracy", "best acc", true);
    th(s, "best_epoch", "best epoch", true);
    th(s, "final_loss", "final loss", true);
    th(s, "epochs", "epochs", true);
    th(s, "epochs_inherited", "inherited", true);
    th(s, "seconds", "seconds", true);
    th(s, "images_per_second", "train img/s", true);
    s.append("</tr></thead>\n<tbody>\n");
    int top = topRank(ranking);
    for (RankedTrial row : ranking.rows()) {
      TrialRecord r = row.trial();
      TrialResult t = r.result();
      s.append("<tr").append(row.rank() <= top ? " class=\"top\"" : "").append('>');
      num(s, row.rank(), Integer.toString(row.rank()));
      labelCell(s, r, true);
      if (ranking.grouped()) {
        num(s, r.seed(), Long.toString(r.seed()));
      }
      num(s, t.finalAccuracy(), Cells.fixed(t.finalAccuracy(), 4));
      num(s, t.bestAccuracy(), Cells.fixed(t.bestAccuracy(), 4));
      num(s, t.bestEpoch() + 1, Cells.epochNumber(t.bestEpoch()));
      num(s, t.finalLoss(), Cells.fixed(t.finalLoss(), 4));
      num(s, t.epochsRun(), Integer.toString(t.epochsRun()));
      num(s, r.epochsInherited(), Integer.toString(r.epochsInherited()));
      num(s, t.seconds(), Cells.fixed(t.seconds(), 1));
      num(s, t.trainImagesPerSecond(), Cells.fixed(t.trainImagesPerSecond(), 1));
      s.append("</tr>\n");
    }
    s.append("</tbody>\n</table></div>\n</section>\n");
  }

  /**
   * With prefix sharing, how many epochs the sweep trained for how many its trials ran: each trial's
   * {@code epochs_trained} counts every epoch trained once, {@code epochs_inherited} those it took
   * over from a segment trained as another trial.
   */
  private static void sharingSummary(StringBuilder s, Ranking ranking) {
    long trained = 0;
    long inherited = 0;
    List<TrialRecord> all = new ArrayList<>();
    ranking.rows().forEach(r -> all.add(r.trial()));
    all.addAll(ranking.failures());
    for (TrialRecord r : all) {
      trained += r.epochsTrained();
      inherited += r.epochsInherited();
    }
    if (inherited > 0) {
      s.append("<p id=\"sharing\">Prefix sharing: the sweep trained ").append(trained).append(" epochs for ")
          .append(trained + inherited).append(" trial-epochs; ").append(inherited).append(" (")
          .append(Cells.fixed(100.0 * inherited / (trained + inherited), 0))
          .append("%) were inherited from segments that trials with the same seed and learning rates shared"
              + " (column <em>inherited</em>), with the same results bit for bit.</p>\n");
    }
  }

  private static void points(StringBuilder s, Ranking ranking, Charts charts) {
    if (ranking.points().isEmpty()) {
      return;
    }
    String alpha = Cells.exact(ranking.alpha());
    s.append("<section id=\"points\">\n<h2>Grid points: intervals and paired differences against the best</h2>\n"
        + "<p class=\"muted\">");
    s.append(ranking.grouped()
        ? "Mean final test accuracy over each grid point's completed seeds with its Student-t 95% interval. Against the"
            + " best point: the mean difference (never above 0) with the t interval of the paired differences (repeat r"
            + " of both trained from the same seed), the two-sided paired t-test p, its Holm adjustment over all"
            + " comparisons, and the exact sign-flip permutation p (it cannot go below 2/2<sup>R</sup>). Tied: not"
            + " significantly worse at alpha " + alpha + " by the Holm-adjusted p."
        : "One seed per grid point: final test accuracy with Wilson's 95% interval over the test images, and McNemar's"
            + " exact test against the best trial on the same test images, Holm-adjusted. This compares trained"
            + " networks, not schedules: one seed cannot separate a schedule from seed luck.");
    s.append("</p>\n");
    charts.forest().ifPresent(c -> figure(s, c, "accuracy-forest", false,
        "Forest plot: each grid point's mean (diamond) and 95% interval (bar), best at the top; blue: the best and"
            + " the grid points tied with it; the vertical line: the best mean."));
    s.append("<div class=\"table-wrap\"><table id=\"points-table\" class=\"sortable\">\n<thead><tr>");
    th(s, "rank", "rank", true);
    th(s, "label", "schedule", false);
    th(s, "repeats", "repeats", true);
    th(s, "mean_accuracy", "mean accuracy", true);
    th(s, "std_accuracy", "std", true);
    th(s, "ci95", "95% interval", true);
    th(s, "diff_vs_best", "diff vs best", true);
    th(s, "diff_ci95", "diff 95% interval", true);
    th(s, "p_vs_best", "p", true);
    th(s, "p_vs_best_holm", "p Holm", true);
    th(s, "p_vs_best_exact", ranking.grouped() ? "p sign-flip" : "p exact", true);
    th(s, "tied_with_best", "tied with best", false);
    s.append("</tr></thead>\n<tbody>\n");
    int rank = 0;
    for (PointSummary p : ranking.points()) {
      rank++;
      VsBest v = p.vsBest();
      s.append("<tr").append(p.tied() ? " class=\"tied\"" : "").append('>');
      num(s, rank, Integer.toString(rank));
      s.append("<td class=\"label\">").append(label(p.label())).append("</td>");
      num(s, p.seeds(), Integer.toString(p.seeds()));
      num(s, p.meanAccuracy(), Cells.fixed(p.meanAccuracy(), 4));
      num(s, p.stdAccuracy(), Cells.fixed(p.stdAccuracy(), 4));
      num(s, p.ci95Low(), range(p.ci95Low(), p.ci95High()));
      num(s, v.diff(), Cells.fixed(v.diff(), 4));
      num(s, v.diffLow(), range(v.diffLow(), v.diffHigh()));
      num(s, v.p(), ConsoleReport.pValue(v.p()));
      num(s, v.pHolm(), ConsoleReport.pValue(v.pHolm()));
      num(s, v.pExact(), ConsoleReport.pValue(v.pExact()));
      s.append("<td>").append(rank == 1 ? "best" : v.tied() ? "tied" : "worse").append("</td>");
      s.append("</tr>\n");
    }
    s.append("</tbody>\n</table></div>\n</section>\n");
  }

  private static String range(double low, double high) {
    return Double.isFinite(low) ? Cells.fixed(low, 4) + " to " + Cells.fixed(high, 4) : "-";
  }

  private static void failures(StringBuilder s, Ranking ranking) {
    s.append("<section id=\"failures\">\n<h2>Failed and diverged</h2>\n");
    if (ranking.failures().isEmpty()) {
      s.append("<p>None: every trial completed.</p>\n</section>\n");
      return;
    }
    s.append("<p class=\"muted\">Not ranked. A diverged trial stopped at the epoch where its loss became NaN or"
        + " exploded; a failed one raised an error. <code>sweep run</code> reruns failed trials with"
        + " <code>--retry-failed</code>.</p>\n");
    s.append("<div class=\"table-wrap\"><table id=\"failures-table\" class=\"sortable\">\n<thead><tr>");
    th(s, "label", "schedule / trial", false);
    th(s, "status", "status", false);
    th(s, "epochs", "epochs", true);
    th(s, "seconds", "seconds", true);
    th(s, "message", "message", false);
    s.append("</tr></thead>\n<tbody>\n");
    for (TrialRecord r : ranking.failures()) {
      TrialResult t = r.result();
      s.append("<tr>");
      labelCell(s, r, t.report() != null || !t.history().isEmpty());
      s.append("<td><span class=\"status ")
          .append(t.status()).append("\">").append(t.status()).append("</span></td>");
      num(s, t.epochsRun(), Integer.toString(t.epochsRun()));
      num(s, t.seconds(), Cells.fixed(t.seconds(), 1));
      s.append("<td class=\"message\">").append(esc(t.message())).append("</td></tr>\n");
    }
    s.append("</tbody>\n</table></div>\n</section>\n");
  }

  /** Trials still training: their epochs so far, as the chart and the history table. */
  private static void running(StringBuilder s, List<RunningTrial> running) {
    if (running.isEmpty()) {
      return;
    }
    s.append("<section id=\"running\">\n<h2>Running now</h2>\n<p class=\"muted\">This sweep is still running; the page"
        + " is rewritten after every finished trial. Partial curves of the trials in training, up to their latest"
        + " epoch the driver has received.</p>\n");
    for (RunningTrial t : running) {
      s.append("<details class=\"trial\" open>\n<summary>").append(label(t.label())).append(" <span class=\"muted\">")
          .append(esc(t.trialId()));
      if (!t.history().isEmpty()) {
        EpochRecord last = t.history().get(t.history().size() - 1);
        s.append(" · partial: epoch ").append(last.epoch() + 1).append('/').append(t.epochs())
            .append(", test accuracy ").append(Cells.fixed(last.testAccuracy(), 4));
      } else {
        s.append(" · no epoch finished yet");
      }
      s.append("</span></summary>\n");
      if (!t.history().isEmpty()) {
        s.append(TrainingChart.svg(t.history())).append('\n').append(HtmlTrialDetails.history(t.history())).append('\n');
      }
      s.append("</details>\n");
    }
    s.append("</section>\n");
  }

  private static void curves(StringBuilder s, Charts charts) {
    s.append("<section id=\"learning-rate\">\n<h2>Learning rate</h2>\n");
    if (charts.rate().isEmpty()) {
      s.append("<p>No trial finished an epoch, so there is no learning rate to show.</p>\n");
    } else {
      s.append("<p class=\"muted\">The rate each schedule applied at the first iteration of each epoch, held over"
          + " the epoch; one curve per grid point (its seeds share the schedule).</p>\n");
      if (charts.rateLog().isPresent()) {
        s.append("<label class=\"toggle\"><input type=\"checkbox\" id=\"lr-log-toggle\"> logarithmic y axis</label>\n");
      }
      figure(s, charts.rate().get(), "lr-linear", false, "Linear y axis.");
      charts.rateLog().ifPresent(c -> figure(s, c, "lr-log", true,
          "Logarithmic y axis; rates of 0 (a warmup's first step) cannot be shown on it and are left out."));
    }
    s.append("</section>\n<section id=\"curves\">\n<h2>Test accuracy and loss per epoch</h2>\n");
    if (charts.accuracy().isEmpty()) {
      s.append("<p>No trial finished an epoch.</p>\n");
    } else {
      s.append("<p class=\"muted\">Measured on the test set after each epoch. The ").append(ReportCharts.HIGHLIGHTED)
          .append(" best grid points are drawn in colour (every seed of each), other completed trials in grey;"
              + " diverged trials are dashed on the accuracy chart and left out of the loss chart.</p>\n");
      figure(s, charts.accuracy().get(), "test-accuracy", false, null);
      charts.loss().ifPresent(c -> figure(s, c, "test-loss", false, null));
    }
    s.append("</section>\n");
  }

  private static void trials(StringBuilder s, Ranking ranking) {
    s.append("<section id=\"trials\">\n<h2>Per-class results</h2>\n<p class=\"muted\">Precision, recall and F1 per"
        + " class on the test set after each trial's last epoch, its confusion matrix (shade: share of the actual"
        + " class's images) and its history. The best trial is open; click any other to expand it.</p>\n");
    boolean first = true;
    for (RankedTrial row : ranking.rows()) {
      s.append(HtmlTrialDetails.render(row.trial(), "#" + row.rank(), first));
      first = false;
    }
    for (TrialRecord r : ranking.failures()) {
      if (r.result().report() != null || !r.result().history().isEmpty()) {
        s.append(HtmlTrialDetails.render(r, r.result().status().name(), false));
      }
    }
    if (ranking.rows().isEmpty() && ranking.failures().stream().allMatch(r -> r.result().history().isEmpty())) {
      s.append("<p>No trial finished an epoch.</p>\n");
    }
    s.append("</section>\n");
  }

  private static void provenance(StringBuilder s, SweepFacts facts) {
    s.append("<section id=\"provenance\">\n<h2>Configuration and provenance</h2>\n");
    s.append("<div class=\"two\">\n<div>\n<h3>Run</h3>\n<table class=\"facts\">\n<tbody>\n");
    for (SweepFacts.Fact f : facts.run()) {
      s.append("<tr><th>").append(esc(f.name())).append("</th><td>").append(esc(f.value())).append("</td></tr>\n");
    }
    s.append("</tbody>\n</table>\n</div>\n");
    if (!facts.fingerprint().isEmpty()) {
      s.append("<div>\n<h3>Settings every trial shares</h3>\n<table class=\"facts\">\n<tbody>\n");
      facts.fingerprint().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
          s.append("<tr><th>").append(esc(e.getKey())).append("</th><td class=\"id\">").append(esc(e.getValue()))
              .append("</td></tr>\n"));
      s.append("</tbody>\n</table>\n</div>\n");
    }
    s.append("</div>\n");
    facts.configProblem().ifPresent(p -> s.append("<p>").append(esc(p)).append("</p>\n"));
    facts.configJson().ifPresent(json -> s.append("<details><summary>Resolved configuration (<code>sweep.json</code>)"
        + "</summary>\n<pre class=\"config\">").append(esc(json)).append("</pre>\n</details>\n"));
    if (facts.configJson().isEmpty() && facts.configProblem().isEmpty()) {
      s.append("<p class=\"muted\">No <code>sweep.json</code> in the output directory, so the configuration is not"
          + " shown.</p>\n");
    }
    s.append("</section>\n");
  }

  private static void figure(StringBuilder s, ReportCharts.Rendered c, String id, boolean hidden, String caption) {
    s.append("<figure id=\"").append(id).append("\"").append(hidden ? " hidden" : "").append("><img src=\"")
        .append(Html.pngDataUri(c.png())).append("\" alt=\"").append(esc(c.title())).append("\" data-chart=\"")
        .append(esc(c.name())).append("\">");
    if (caption != null) {
      s.append("<figcaption>").append(esc(caption)).append(" Also in <code>").append(esc(c.file()))
          .append("</code>.</figcaption>");
    } else {
      s.append("<figcaption>Also in <code>").append(esc(c.file())).append("</code>.</figcaption>");
    }
    s.append("</figure>\n");
  }

  /**
   * The schedule label (a link to the trial's section when it has one) over the trial id, in one
   * cell: ids are long and repeat the label's parameters, so a column of their own would crowd out
   * the numbers. Sorting by this column sorts by label.
   */
  private static void labelCell(StringBuilder s, TrialRecord r, boolean link) {
    s.append("<td class=\"label\" data-v=\"").append(esc(r.label())).append("\">");
    if (link) {
      s.append("<a href=\"#").append(esc(HtmlTrialDetails.anchor(r))).append("\">").append(label(r.label()))
          .append("</a>");
    } else {
      s.append(label(r.label()));
    }
    s.append("<div class=\"tid\">").append(esc(r.trialId())).append("</div></td>");
  }

  /** A label, escaped, that may wrap after its commas: {@code step(drop_every=5,<wbr>factor=0.5)}. */
  static String label(String label) {
    return esc(label).replace(",", ",<wbr>");
  }

  private static void th(StringBuilder s, String key, String title, boolean numeric) {
    s.append("<th data-key=\"").append(key).append("\" data-type=\"").append(numeric ? "num" : "text").append('"')
        .append(numeric ? " class=\"num\"" : "").append('>').append(esc(title)).append("</th>");
  }

  private static void num(StringBuilder s, double sortValue, String shown) {
    s.append("<td class=\"num\" data-v=\"").append(sortKey(sortValue)).append("\">").append(esc(shown)).append("</td>");
  }

  /** The last rank drawn in colour in the charts, so the table marks the same trials. */
  private static int topRank(Ranking ranking) {
    return Math.min(ReportCharts.HIGHLIGHTED, ranking.grouped() ? ranking.points().size() : ranking.rows().size());
  }

  /** {@code sha256-<base64>} of the page's script, for the Content-Security-Policy. */
  static String scriptHash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(SCRIPT.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing next to " + HtmlReport.class.getName()
            + " on the classpath; the build should have copied it from src/main/resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }
}
