package dev.lrsweep.report;

import java.util.Base64;
import java.util.Locale;

/**
 * HTML text helpers. Every string that comes from results (trial ids, labels, messages, config
 * values) goes through {@link #esc} before it reaches the page: a failed trial's message is an
 * exception text and may hold anything, {@code <script>} included.
 */
final class Html {
  private Html() {}

  /**
   * Text escaped for element content and double- or single-quoted attribute values: {@code & < >
   * " '} become entities, so no value can close a tag or an attribute.
   */
  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A PNG as a {@code data:} URI, so the page needs no other file. */
  static String pngDataUri(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  /**
   * A number for a sort key ({@code data-v}): full precision so the browser orders what the table
   * rounds; empty for NaN, which the page's sort puts last.
   */
  static String sortKey(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  /** A fraction in [0, 1] as a CSS colour from white to the report's blue, for heatmap cells. */
  static String heat(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    // white (255,255,255) to #1f4e8c (31,78,140), linear in each channel
    int r = (int) Math.round(255 + (31 - 255) * f);
    int g = (int) Math.round(255 + (78 - 255) * f);
    int b = (int) Math.round(255 + (140 - 255) * f);
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }
}
