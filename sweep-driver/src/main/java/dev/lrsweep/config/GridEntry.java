package dev.lrsweep.config;

import java.util.List;
import java.util.Objects;

/**
 * One element of the {@code grid} list: a family and its parameter lists, already expanded into
 * the Cartesian product of those lists.
 *
 * @param index position in the {@code grid} list, 0-based (errors say {@code grid[index]})
 * @param family the family name as written
 * @param location where the entry starts ({@code file:line})
 * @param points the valid points of the product, in product order (parameters sorted by name,
 *     the last one varying fastest); points with invalid values were reported and left out
 */
public record GridEntry(int index, String family, String location, List<GridPoint> points) {
  public GridEntry {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(location, "location");
    points = List.copyOf(points);
  }

  /** {@code grid[index] (family, location)}, the way errors name an entry. */
  public String describe() {
    return "grid[" + index + "] (" + family + ", " + location + ")";
  }
}
