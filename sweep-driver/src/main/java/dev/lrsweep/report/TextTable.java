package dev.lrsweep.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with columns padded to their widest cell, for the console. Numeric columns
 * are right-aligned so decimal points line up.
 */
public final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /**
   * @param headers column titles
   * @param rightAligned which columns hold numbers (same length as headers)
   */
  public TextTable(List<String> headers, boolean... rightAligned) {
    if (rightAligned.length != headers.size()) {
      throw new IllegalArgumentException(
          "need one alignment per column: " + headers.size() + " headers, found " + rightAligned.length);
    }
    this.headers = List.copyOf(headers);
    this.rightAligned = rightAligned.clone();
  }

  /** Adds a row; it must have one cell per column. */
  public TextTable add(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row needs " + headers.size() + " cells, found " + cells.size());
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  /** The table, lines ending in '\n'. */
  public String render() {
    return render(Integer.MAX_VALUE, -1);
  }

  /**
   * The table in at most {@code maxWidth} columns: cells of column {@code shrink} (a text column
   * such as a label) are cut, ending in "…", until every line fits or that column is as narrow
   * as its header.
   */
  public String render(int maxWidth, int shrink) {
    int[] width = new int[headers.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = headers.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    if (shrink >= 0) {
      int total = 2 * (width.length - 1);
      for (int w : width) {
        total += w;
      }
      if (total > maxWidth) {
        width[shrink] = Math.max(headers.get(shrink).length(), width[shrink] - (total - maxWidth));
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, width);
    for (List<String> row : rows) {
      line(out, row, width);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] width) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      if (cell.length() > width[c]) {
        cell = cell.substring(0, width[c] - 1) + "…";
      }
      String pad = " ".repeat(width[c] - cell.length());
      if (c > 0) {
        s.append("  ");
      }
      s.append(rightAligned[c] ? pad + cell : cell + pad);
    }
    out.append(s.toString().stripTrailing()).append('\n');
  }
}
