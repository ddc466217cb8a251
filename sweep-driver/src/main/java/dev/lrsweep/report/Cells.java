package dev.lrsweep.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Number and text formatting shared by the table formats. */
final class Cells {
  private Cells() {}

  /** Full precision for machine-read files (CSV, JSON): shortest exact decimal; empty for NaN. */
  static String exact(double v) {
    return Double.isFinite(v) ? BigDecimal.valueOf(v).toPlainString() : "";
  }

  /** Fixed decimals for people (console, Markdown); "-" for NaN. */
  static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
  }

  /**
   * A 0-based epoch index as people number epochs, from 1 (Keras's {@code Epoch 1/40}); "-" for
   * no epoch (-1). Every ranking format uses it; results.jsonl keeps the 0-based index.
   */
  static String epochNumber(int index) {
    return index < 0 ? "-" : Integer.toString(index + 1);
  }

  /** One CSV field per RFC 4180: quoted when it holds a comma, quote or line break. */
  static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** One Markdown table cell: pipes escaped, line breaks flattened. */
  static String md(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** A message on one line, shortened for a console table. */
  static String oneLine(String s, int max) {
    String flat = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
  }
}
