package dev.lrsweep.report;

import dev.lrsweep.trial.EpochRecord;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One trial's "Training Loss and Accuracy" figure, the chart of the seed article (PyImageSearch's
 * MiniVGGNet on CIFAR-10): training and test loss and accuracy per epoch on one axis ("Epoch #",
 * "Loss/Accuracy"), legend {@code train_loss}, {@code val_loss}, {@code train_acc}, {@code
 * val_acc}. Drawn as inline SVG, not a PNG: it costs no image rendering when the live report is
 * rewritten after every trial, stays crisp at any zoom and needs nothing the page's
 * Content-Security-Policy forbids.
 *
 * <p>Geometry: epoch {@code e} (counted from 1) is at {@code x = LEFT + (e - 1) / max(1, n - 1) *
 * WIDTH}; a value {@code v} at {@code y = TOP + (1 - v / yMax) * HEIGHT}, with {@code yMax} the
 * largest finite value (at least 1) rounded up to a half. Non-finite values (a diverged loss) are
 * left out of their line.
 */
final class TrainingChart {
  static final int LEFT = 48;
  static final int TOP = 28;
  static final int WIDTH = 400;
  static final int HEIGHT = 200;

  /** The series: name, colour, value per record. */
  private record Series(String name, String colour, ToDoubleFunction<EpochRecord> value) {}

  private static final List<Series> SERIES = List.of(
      new Series("train_loss", "#1f77b4", EpochRecord::trainLoss),
      new Series("val_loss", "#ff7f0e", EpochRecord::testLoss),
      new Series("train_acc", "#2ca02c", EpochRecord::trainAccuracy),
      new Series("val_acc", "#d62728", EpochRecord::testAccuracy));

  private TrainingChart() {}

  /** The {@code <svg>} element for {@code history} (at least one record). */
  static String svg(List<EpochRecord> history) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("a training chart needs at least one epoch");
    }
    double yMax = yMax(history);
    int n = history.size();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg class=\"training-chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\""
        + " height=\"%d\">%n", LEFT + WIDTH + 110, TOP + HEIGHT + 40,
        LEFT + WIDTH + 110, TOP + HEIGHT + 40));
    s.append("<title>Training Loss and Accuracy</title>\n");
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" text-anchor=\"middle\">"
        + "Training Loss and Accuracy</text>%n", LEFT + WIDTH / 2));
    // axes, ticks at 0, yMax/2, yMax and at the first and last epoch
    s.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"#555\"/>%n",
        LEFT, TOP, TOP + HEIGHT, LEFT + WIDTH));
    for (double v : new double[] {0, yMax / 2, yMax}) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>%n",
          LEFT - 4, y(v, yMax) + 3, trim(v)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">1</text>%n",
        LEFT, TOP + HEIGHT + 14));
    if (n > 1) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>%n",
          LEFT + WIDTH, TOP + HEIGHT + 14, n));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">Epoch #</text>%n",
        LEFT + WIDTH / 2, TOP + HEIGHT + 30));
    s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\""
        + " transform=\"rotate(-90 12 %d)\">Loss/Accuracy</text>%n", TOP + HEIGHT / 2, TOP + HEIGHT / 2));
    int legendY = TOP + 8;
    for (Series series : SERIES) {
      s.append("<polyline fill=\"none\" stroke=\"").append(series.colour()).append("\" stroke-width=\"1.5\" points=\"")
          .append(points(history, series.value(), yMax)).append("\"><title>").append(series.name())
          .append("</title></polyline>\n");
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>%n", LEFT + WIDTH + 12, legendY - 3, series.colour(),
          LEFT + WIDTH + 28, legendY + 1, series.name()));
      legendY += 16;
    }
    return s.append("</svg>").toString();
  }

  /** The polyline's points of one series, "x,y" with one decimal, space-separated. */
  static String points(List<EpochRecord> history, ToDoubleFunction<EpochRecord> value, double yMax) {
    StringBuilder s = new StringBuilder();
    int n = history.size();
    for (int i = 0; i < n; i++) {
      double v = value.applyAsDouble(history.get(i));
      if (!Double.isFinite(v)) {
        continue;
      }
      double x = LEFT + (n == 1 ? 0.0 : (double) i / (n - 1) * WIDTH);
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y(Math.min(v, yMax), yMax)));
    }
    return s.toString();
  }

  /** The largest finite value of the four series, at least 1, rounded up to a multiple of 0.5. */
  static double yMax(List<EpochRecord> history) {
    double max = 1;
    for (EpochRecord e : history) {
      for (Series series : SERIES) {
        double v = series.value().applyAsDouble(e);
        if (Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    return Math.ceil(max * 2) / 2;
  }

  private static double y(double v, double yMax) {
    return TOP + (1 - v / yMax) * HEIGHT;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
  }
}
