package dev.lrsweep.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws named (x, y) series as step curves to a PNG with XChart: the {@code sweep schedule
 * --chart} plot, and the learning-rate chart of the HTML report ({@link #png} gives the bytes
 * to embed).
 *
 * <p>Rendering needs no display: the class sets {@code java.awt.headless=true} before AWT starts,
 * unless the JVM was started with an explicit setting.
 */
public final class ScheduleChart {
  static {
    defaultToHeadless();
  }

  private ScheduleChart() {}

  /**
   * One curve.
   *
   * @param name the legend entry
   * @param x the x values, as many as {@code y}, at least one
   * @param y the y values
   */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      Objects.requireNonNull(name, "name");
      x = x.clone();
      y = y.clone();
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series " + name + ": x and y must be as long, found " + x.length + " and " + y.length);
      }
      if (x.length == 0) {
        throw new IllegalArgumentException("series " + name + " must have points, found none");
      }
    }

    @Override
    public double[] x() {
      return x.clone();
    }

    @Override
    public double[] y() {
      return y.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Series s
          && name.equals(s.name)
          && Arrays.equals(x, s.x)
          && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
      return "Series[" + name + ", " + x.length + " points]";
    }
  }

  /**
   * How the chart looks.
   *
   * @param title the title, e.g. a schedule's label
   * @param xTitle the x axis title
   * @param yTitle the y axis title
   * @param logY whether the y axis is logarithmic; points with y &lt;= 0, which a log axis cannot
   *     show (a linear warmup starts at 0), are left out
   * @param width the image width in pixels, at least 100
   * @param height the image height in pixels, at least 100
   */
  public record Style(
      String title, String xTitle, String yTitle, boolean logY, int width, int height) {
    public Style {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(xTitle, "xTitle");
      Objects.requireNonNull(yTitle, "yTitle");
      if (width < 100 || height < 100) {
        throw new IllegalArgumentException(
            "chart size must be at least 100x100 pixels, found " + width + "x" + height);
      }
    }
  }

  /**
   * Makes AWT headless unless the JVM was started with an explicit {@code java.awt.headless}; every
   * class here that draws calls it from its static initializer. It must run before the first AWT
   * call decides, and a user's explicit -D setting wins.
   */
  static void defaultToHeadless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The chart as PNG bytes. */
  public static byte[] png(Style style, List<Series> series) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart(style, series), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Writes the chart as a PNG to {@code file}, creating its parent directories. */
  public static void writePng(Style style, List<Series> series, Path file) throws IOException {
    byte[] bytes = png(style, series);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, bytes);
  }

  private static XYChart chart(Style style, List<Series> series) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one series, found none");
    }
    XYChart chart =
        new XYChartBuilder()
            .width(style.width())
            .height(style.height())
            .title(style.title())
            .xAxisTitle(style.xTitle())
            .yAxisTitle(style.yTitle())
            .build();
    chart.getStyler().setLegendVisible(series.size() > 1);
    // A rate holds from one point to the next (it is set at each epoch's or iteration's start),
    // so steps show what was applied; a line would invent rates in between.
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    chart.getStyler().setYAxisLogarithmic(style.logY());
    // Rates span decades (0.01 down to 1e-7); scientific ticks stay readable across them.
    chart.getStyler().setYAxisDecimalPattern("0.###E0");
    int drawn = 0;
    for (Series s : series) {
      double[][] points = style.logY() ? positive(s) : new double[][] {s.x, s.y};
      if (points[0].length == 0) {
        continue;
      }
      XYSeries line = chart.addSeries(s.name(), points[0], points[1]);
      line.setMarker(SeriesMarkers.NONE);
      line.setLineWidth(2f);
      line.setLineStyle(new BasicStroke(2f));
      drawn++;
    }
    if (drawn == 0) {
      throw new IllegalArgumentException(
          "a logarithmic y axis needs values > 0, found none in " + series);
    }
    return chart;
  }

  private static double[][] positive(Series s) {
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < s.x.length; i++) {
      if (s.y[i] > 0) {
        kept.add(new double[] {s.x[i], s.y[i]});
      }
    }
    double[][] out = new double[2][kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      out[0][i] = kept.get(i)[0];
      out[1][i] = kept.get(i)[1];
    }
    return out;
  }
}
