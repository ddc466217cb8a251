package dev.lrsweep.report;

import dev.lrsweep.store.TrialRecord;
import dev.lrsweep.trial.EpochRecord;
import dev.lrsweep.trial.TrialStatus;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the HTML report, drawn with XChart to PNG: the learning rate of every schedule
 * per epoch (linear and log y), test accuracy and test loss per epoch for every trial with the
 * best grid points highlighted, and, with repeats, the mean final accuracy of each grid point with
 * its standard deviation as error bars.
 *
 * <p>XChart is maintained, pure Java and renders without a display (AWT headless), so the same
 * code draws on a laptop, on CI and on a cluster's driver; it writes PNG, which a page can embed
 * and a paper or slide can use as is.
 *
 * <p>The x axis of every per-epoch chart is training progress in epochs, 0 to the last epoch: a
 * rate is applied from the start of its epoch to the start of the next (drawn as steps), and a test
 * metric is measured at the end of its epoch (epoch index + 1).
 */
final class ReportCharts {
  static {
    ScheduleChart.defaultToHeadless();
  }

  /** Grid points drawn in colour in the per-epoch metric charts; the rest are thin grey lines. */
  static final int HIGHLIGHTED = 3;

  private static final int WIDTH = 1100;
  private static final int MIN_HEIGHT = 480;
  private static final int PLOT_HEIGHT = 440;
  private static final Color[] HIGHLIGHT = {new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28),
      new Color(0x2c, 0xa0, 0x2c)};
  private static final Color OTHER = new Color(0xbb, 0xbb, 0xbb);
  private static final Color DIVERGED = new Color(0xe0, 0x9a, 0x50);
  // Ten distinguishable colours (Tableau 10) for the learning-rate chart, where every schedule counts.
  private static final Color[] PALETTE = {new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
      new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7),
      new Color(0x9c755f), new Color(0x79706e)};

  private ReportCharts() {}

  /**
   * A rendered chart.
   *
   * @param name the file's base name under {@code charts/}, e.g. {@code learning-rate}
   * @param title what it shows, for the image's alt text and heading
   * @param png the image
   */
  record Rendered(String name, String title, byte[] png) {
    Rendered {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      png = png.clone();
    }

    @Override
    public byte[] png() {
      return png.clone();
    }

    /** The PNG's path relative to the output directory. */
    String file() {
      return "charts/" + name + ".png";
    }
  }

  /** Which per-epoch test metric a chart shows. */
  enum Metric {
    ACCURACY("test-accuracy", "Test accuracy per epoch", "test accuracy", EpochRecord::testAccuracy),
    LOSS("test-loss", "Test loss per epoch", "test loss (cross-entropy)", EpochRecord::testLoss);

    final String name;
    final String title;
    final String yTitle;
    final ToDoubleFunction<EpochRecord> value;

    Metric(String name, String title, String yTitle, ToDoubleFunction<EpochRecord> value) {
      this.name = name;
      this.title = title;
      this.yTitle = yTitle;
      this.value = value;
    }
  }

  /**
   * The learning rate per epoch of every grid point that ran at least one epoch: one curve per grid
   * point, since a point's seeds share its schedule. Empty when no trial ran an epoch, or, for the
   * log chart, when no rate is above 0.
   */
  static Optional<Rendered> learningRate(Ranking ranking, boolean logY) throws IOException {
    Map<String, TrialRecord> byPoint = new LinkedHashMap<>();
    for (TrialRecord r : trialsInRankOrder(ranking)) {
      if (!r.result().history().isEmpty()) {
        byPoint.putIfAbsent(r.gridPoint(), r);
      }
    }
    XYChart chart = xyChart(logY ? "Learning rate per epoch (log scale)" : "Learning rate per epoch",
        "epoch", "learning rate", byPoint.size());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    chart.getStyler().setYAxisLogarithmic(logY);
    // On a log axis rates span decades (0.01 down to 1e-7), where scientific ticks stay readable.
    chart.getStyler().setYAxisDecimalPattern(logY ? "0.#E0" : "0.0####");
    int i = 0;
    for (TrialRecord r : byPoint.values()) {
      List<EpochRecord> h = r.result().history();
      // One point per epoch start plus the end of the last epoch, so the last rate shows as a step.
      List<double[]> points = new ArrayList<>();
      for (EpochRecord e : h) {
        points.add(new double[] {e.epoch(), e.learningRate()});
      }
      EpochRecord last = h.get(h.size() - 1);
      points.add(new double[] {last.epoch() + 1, last.learningRate()});
      points.removeIf(p -> !Double.isFinite(p[1]) || (logY && p[1] <= 0));
      if (points.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(uniqueName(chart, r.label()), column(points, 0), column(points, 1));
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(PALETTE[i % PALETTE.length]);
      s.setLineStyle(new BasicStroke(2f));
      i++;
    }
    if (chart.getSeriesMap().isEmpty()) {
      return Optional.empty();
    }
    if (logY) {
      // XChart labels only powers of ten on a log axis; rates within one decade (0.002 to 0.01)
      // would get a single label. Spanning whole decades puts at least two on the axis.
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (XYSeries s : chart.getSeriesMap().values()) {
        min = Math.min(min, s.getYMin());
        max = Math.max(max, s.getYMax());
      }
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
      chart.getStyler().setYAxisMax(Math.pow(10, Math.max(Math.ceil(Math.log10(max)), Math.floor(Math.log10(min)) + 1)));
    }
    return Optional.of(new Rendered(logY ? "learning-rate-log" : "learning-rate", chart.getTitle(), png(chart)));
  }

  /**
   * A test metric per epoch for every trial that ran an epoch: the {@value #HIGHLIGHTED} best grid
   * points in colour (all their seeds), the other completed trials thin grey, and, on the accuracy
   * chart, diverged trials dashed orange up to the epoch where they diverged. The loss chart leaves
   * diverged trials out: their exploding loss would flatten every other curve.
   */
  static Optional<Rendered> perEpoch(Ranking ranking, Metric metric) throws IOException {
    Map<String, Integer> highlighted = new LinkedHashMap<>();
    for (PointSummary p : ranking.points()) {
      if (highlighted.size() < HIGHLIGHTED) {
        highlighted.put(p.gridPoint(), highlighted.size());
      }
    }
    List<TrialRecord> others = new ArrayList<>();
    List<TrialRecord> diverged = new ArrayList<>();
    Map<Integer, List<TrialRecord>> top = new LinkedHashMap<>();
    for (RankedTrial row : ranking.rows()) {
      Integer colour = highlighted.get(row.trial().gridPoint());
      if (colour == null) {
        others.add(row.trial());
      } else {
        top.computeIfAbsent(colour, k -> new ArrayList<>()).add(row.trial());
      }
    }
    if (metric == Metric.ACCURACY) {
      ranking.failures().stream().filter(r -> r.result().status() == TrialStatus.DIVERGED).forEach(diverged::add);
    }
    int legendEntries = top.size() + (others.isEmpty() ? 0 : 1) + (diverged.isEmpty() ? 0 : 1);
    XYChart chart = xyChart(metric.title, "epoch", metric.yTitle, legendEntries);
    chart.getStyler().setYAxisDecimalPattern(metric == Metric.ACCURACY ? "0.00" : "0.00#");
    // Drawn first so the highlighted curves lie on top of them.
    boolean first = true;
    for (TrialRecord r : others) {
      if (addCurve(chart, first ? "other trials" : r.trialId(), r, metric, OTHER, 1f, false, first)) {
        first = false;
      }
    }
    first = true;
    for (TrialRecord r : diverged) {
      if (addCurve(chart, first ? "diverged" : r.trialId(), r, metric, DIVERGED, 1.5f, true, first)) {
        first = false;
      }
    }
    for (Map.Entry<Integer, List<TrialRecord>> e : top.entrySet()) {
      List<TrialRecord> seeds = e.getValue();
      String legend = "#" + (e.getKey() + 1) + " " + seeds.get(0).label()
          + (ranking.grouped() ? " (" + seeds.size() + (seeds.size() == 1 ? " seed)" : " seeds)") : "");
      first = true;
      for (TrialRecord r : seeds) {
        if (addCurve(chart, first ? legend : r.trialId(), r, metric, HIGHLIGHT[e.getKey()], 2.5f, false, first)) {
          first = false;
        }
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Rendered(metric.name, metric.title, png(chart)));
  }

  /**
   * The forest plot: each grid point's mean final test accuracy with its 95% interval (Student t
   * over seeds; Wilson over the test images with one seed per point) as a horizontal line, best at
   * the top, the best and the points tied with it in blue, the others grey, and a vertical line at the
   * best mean. Empty when no trial completed.
   */
  static Optional<Rendered> forest(Ranking ranking) throws IOException {
    if (ranking.points().isEmpty()) {
      return Optional.empty();
    }
    int n = ranking.points().size();
    XYChart chart = xyChart(ranking.grouped()
        ? "Mean final test accuracy with 95% intervals over seeds (blue: the best and those tied with it)"
        : "Final test accuracy with Wilson 95% intervals over the test images (one seed each)",
        "final test accuracy", "grid point (best at the top)", n);
    chart.getStyler().setXAxisMin(null);
    chart.getStyler().setXAxisDecimalPattern("0.000");
    chart.getStyler().setYAxisTicksVisible(false);
    chart.getStyler().setYAxisMin(0.4);
    chart.getStyler().setYAxisMax(n + 0.6);
    int rank = 0;
    for (PointSummary p : ranking.points()) {
      rank++;
      double y = n - rank + 1;
      Color colour = p.tied() ? HIGHLIGHT[0] : OTHER.darker();
      String name = uniqueName(chart, "#" + rank + " " + p.label()
          + (rank == 1 ? " (best)" : p.tied() ? " (tied with the best)" : ""));
      if (Double.isFinite(p.ci95Low())) {
        XYSeries line = chart.addSeries(name + " interval", new double[] {p.ci95Low(), p.ci95High()},
            new double[] {y, y});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(colour);
        line.setLineStyle(new BasicStroke(3f));
        line.setShowInLegend(false);
      }
      XYSeries mean = chart.addSeries(name, new double[] {p.meanAccuracy()}, new double[] {y});
      mean.setMarker(SeriesMarkers.DIAMOND);
      mean.setMarkerColor(colour);
      mean.setLineColor(colour);
      mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    org.knowm.xchart.AnnotationLine bestLine =
        new org.knowm.xchart.AnnotationLine(ranking.points().get(0).meanAccuracy(), true, false);
    chart.addAnnotation(bestLine);
    return Optional.of(new Rendered("accuracy-forest", chart.getTitle(), png(chart)));
  }

  private static List<TrialRecord> trialsInRankOrder(Ranking ranking) {
    List<TrialRecord> out = new ArrayList<>();
    ranking.rows().forEach(r -> out.add(r.trial()));
    out.addAll(ranking.failures());
    return out;
  }

  private static boolean addCurve(XYChart chart, String name, TrialRecord r, Metric metric, Color colour,
      float width, boolean dashed, boolean inLegend) {
    List<double[]> points = new ArrayList<>();
    for (EpochRecord e : r.result().history()) {
      double v = metric.value.applyAsDouble(e);
      // a diverged epoch's loss is NaN or huge; the chart shows what was measured and finite
      if (Double.isFinite(v)) {
        points.add(new double[] {e.epoch() + 1, v});
      }
    }
    if (points.isEmpty()) {
      return false;
    }
    XYSeries s = chart.addSeries(uniqueName(chart, name), column(points, 0), column(points, 1));
    s.setLineColor(colour);
    s.setLineStyle(dashed
        ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
        : new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    // markers only where they help read values: the highlighted curves, on short runs
    boolean marked = width > 2f && points.size() <= 20;
    s.setMarker(marked ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    s.setMarkerColor(colour);
    s.setShowInLegend(inLegend);
    return true;
  }

  private static XYChart xyChart(String title, String xTitle, String yTitle, int legendEntries) {
    // The legend goes under the plot, one line per entry, so long schedule labels do not squeeze
    // the plot; each entry makes the image taller instead.
    int height = PLOT_HEIGHT + 24 + 21 * legendEntries;
    XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(chart);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setXAxisMin(0.0);
    return chart;
  }

  private static void style(Chart<? extends AxesChartStyler, ?> chart) {
    AxesChartStyler st = chart.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Vertical);
    st.setLegendBorderColor(Color.WHITE);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    st.setChartTitleBoxVisible(false);
    st.setPlotBorderVisible(false);
    st.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
    st.setAntiAlias(true);
  }

  private static byte[] png(Chart<?, ?> chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  /** XChart keys series by name; two grid points could share a label (same family and params). */
  private static String uniqueName(XYChart chart, String name) {
    String n = name;
    for (int i = 2; chart.getSeriesMap().containsKey(n); i++) {
      n = name + " [" + i + "]";
    }
    return n;
  }

  private static int longest(List<String> labels) {
    return labels.stream().mapToInt(String::length).max().orElse(0);
  }

  private static double[] column(List<double[]> points, int c) {
    double[] out = new double[points.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = points.get(i)[c];
    }
    return out;
  }
}
