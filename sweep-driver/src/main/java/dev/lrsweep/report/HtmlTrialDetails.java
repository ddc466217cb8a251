package dev.lrsweep.report;

import static dev.lrsweep.report.Html.esc;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.ClassMetrics;
import dev.lrsweep.trial.ClassReport;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialResult;
import java.util.List;
import java.util.Locale;

/**
 * One trial's section of the HTML report, a {@code <details>} element: its per-epoch history, its
 * per-class precision, recall and F1 (scikit-learn's classification report) and its confusion
 * matrix as a heatmap. The heatmap is an HTML table with background colours rather than an image:
 * it stays crisp at any zoom, its numbers can be selected and copied, and it costs no bytes of
 * base64.
 */
final class HtmlTrialDetails {
  private HtmlTrialDetails() {}

  /** The element id of a trial's section, the target of the ranking table's links. */
  static String anchor(TrialRecord r) {
    return "trial-" + r.trialId();
  }

  /**
   * The section.
   *
   * @param r the trial
   * @param heading what the summary line starts with, e.g. "#1" or "DIVERGED"
   * @param open whether it starts expanded (the best trial's does)
   */
  static String render(TrialRecord r, String heading, boolean open) {
    TrialResult t = r.result();
    StringBuilder s = new StringBuilder();
    s.append("<details class=\"trial\" id=\"").append(esc(anchor(r))).append('"').append(open ? " open" : "").append(">\n");
    s.append("<summary>").append(esc(heading)).append(' ').append(HtmlReport.label(r.label()))
        .append(" <span class=\"muted\">").append(esc(r.trialId())).append(" · seed ").append(r.seed())
        .append(" · final accuracy ").append(Cells.fixed(t.finalAccuracy(), 4)).append("</span></summary>\n");
    if (!t.message().isEmpty()) {
      s.append("<p><span class=\"status ").append(t.status()).append("\">").append(t.status()).append("</span> ")
          .append(esc(t.message())).append("</p>\n");
    }
    s.append("<div class=\"two\">\n");
    if (t.report() != null) {
      s.append("<div>\n<h3>Per class, after the last epoch</h3>\n").append(classTable(t.report())).append("</div>\n");
      s.append("<div>\n<h3>Confusion matrix</h3>\n").append(confusion(t.report())).append("</div>\n");
    } else {
      s.append("<p class=\"muted\">No class report: no epoch finished.</p>\n");
    }
    s.append("</div>\n");
    if (!t.history().isEmpty()) {
      s.append("<h3>Training loss and accuracy</h3>\n").append(TrainingChart.svg(t.history())).append('\n');
      s.append("<h3>History</h3>\n").append(history(t.history())).append('\n');
    }
    s.append("</details>\n");
    return s.toString();
  }

  private static String classTable(ClassReport report) {
    StringBuilder s = new StringBuilder("<table class=\"classes\">\n<thead><tr><th>class</th>"
        + "<th class=\"num\">precision</th><th class=\"num\">recall</th><th class=\"num\">F1</th>"
        + "<th class=\"num\">support</th></tr></thead>\n<tbody>\n");
    for (ClassMetrics m : report.classes()) {
      s.append(metricsRow(m, false));
    }
    s.append("<tr><td><b>accuracy</b></td><td></td><td></td><td class=\"num\"><b>")
        .append(Cells.fixed(report.accuracy(), 3)).append("</b></td><td class=\"num\">")
        .append(report.macroAvg() == null ? "" : Integer.toString(report.macroAvg().support())).append("</td></tr>\n");
    if (report.macroAvg() != null) {
      s.append(metricsRow(report.macroAvg(), true));
    }
    if (report.weightedAvg() != null) {
      s.append(metricsRow(report.weightedAvg(), true));
    }
    return s.append("</tbody>\n</table>\n").toString();
  }

  private static String metricsRow(ClassMetrics m, boolean average) {
    String name = average ? "<i>" + esc(m.name()) + "</i>" : esc(m.name());
    return "<tr><td>" + name + "</td><td class=\"num\">" + Cells.fixed(m.precision(), 3) + "</td><td class=\"num\">"
        + Cells.fixed(m.recall(), 3) + "</td><td class=\"num\">" + Cells.fixed(m.f1(), 3) + "</td><td class=\"num\">"
        + m.support() + "</td></tr>\n";
  }

  /**
   * Rows are the actual class, columns the predicted one; a cell's colour is its share of its row,
   * i.e. of that class's test images, so the diagonal reads as recall whatever the class sizes.
   */
  static String confusion(ClassReport report) {
    int[][] c = report.confusion();
    if (c == null || c.length == 0) {
      return "<p class=\"muted\">No confusion matrix recorded.</p>\n";
    }
    StringBuilder s = new StringBuilder("<table class=\"confusion\">\n<thead><tr><th class=\"corner\">actual ↓ predicted →</th>");
    for (int j = 0; j < c[0].length; j++) {
      s.append("<th>").append(esc(className(report, j))).append("</th>");
    }
    s.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < c.length; i++) {
      long total = 0;
      for (int v : c[i]) {
        total += v;
      }
      s.append("<tr><th class=\"rowhead\">").append(esc(className(report, i))).append("</th>");
      for (int j = 0; j < c[i].length; j++) {
        double share = total == 0 ? 0 : (double) c[i][j] / total;
        s.append("<td style=\"background:").append(Html.heat(share)).append('"')
            .append(share > 0.5 ? " class=\"dark\"" : "")
            .append(String.format(Locale.ROOT, " title=\"%s as %s: %d of %d (%.1f%%)\"", esc(className(report, i)),
                esc(className(report, j)), c[i][j], total, 100 * share))
            .append('>').append(c[i][j]).append("</td>");
      }
      s.append("</tr>\n");
    }
    return s.append("</tbody>\n</table>\n").toString();
  }

  private static String className(ClassReport report, int i) {
    return i < report.classes().size() ? report.classes().get(i).name() : Integer.toString(i);
  }

  /** The per-epoch table, epochs counted from 1. */
  static String history(List<EpochRecord> history) {
    StringBuilder s = new StringBuilder("<div class=\"table-wrap\"><table class=\"history\">\n<thead><tr>"
        + "<th class=\"num\">epoch</th><th class=\"num\">learning rate</th><th class=\"num\">train loss</th>"
        + "<th class=\"num\">train accuracy</th><th class=\"num\">test loss</th><th class=\"num\">test accuracy</th>"
        + "<th class=\"num\">seconds</th></tr></thead>\n<tbody>\n");
    for (EpochRecord e : history) {
      s.append("<tr><td class=\"num\">").append(e.epoch() + 1).append("</td><td class=\"num\">")
          .append(rate(e.learningRate())).append("</td><td class=\"num\">").append(Cells.fixed(e.trainLoss(), 4))
          .append("</td><td class=\"num\">").append(Cells.fixed(e.trainAccuracy(), 4)).append("</td><td class=\"num\">")
          .append(Cells.fixed(e.testLoss(), 4)).append("</td><td class=\"num\">").append(Cells.fixed(e.testAccuracy(), 4))
          .append("</td><td class=\"num\">").append(Cells.fixed(e.seconds(), 1)).append("</td></tr>\n");
    }
    return s.append("</tbody>\n</table></div>").toString();
  }

  /** Rates span decades; four significant digits in scientific notation keep them comparable. */
  static String rate(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "-";
  }
}
