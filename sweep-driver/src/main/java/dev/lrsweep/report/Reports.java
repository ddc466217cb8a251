package dev.lrsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrsweep.config.SweepConfig;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.ResultStore;
import dev.lrsweep.store.StoredResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds every report of a sweep from its stored results; {@code sweep run} and {@code sweep report} share it. */
public final class Reports {
  private Reports() {}

  /** The file formats {@code sweep report} writes; a new format is added here. */
  public static List<ReportWriter> standard() {
    return standard(List.of());
  }

  /** The standard formats, the HTML report also showing {@code running} trials. */
  static List<ReportWriter> standard(List<RunningTrial> running) {
    return List.of(new CsvReport(), new MarkdownReport(), new JsonReport(), new HtmlReport(running));
  }

  /**
   * Ranks {@code results} at the sweep's significance level ({@code ranking.alpha} in {@code
   * OUT/sweep.json}; the default when there is none) and writes every standard format into {@code
   * out}.
   *
   * @return the ranking (for the console) and the files written
   */
  public static Written writeAll(StoredResults results, OutputDir out) throws IOException {
    return writeAll(results, out, List.of());
  }

  /**
   * As {@link #writeAll(StoredResults, OutputDir)} in the middle of a sweep: the HTML report also
   * shows the {@code running} trials with their partial curves.
   */
  public static Written writeAll(StoredResults results, OutputDir out, List<RunningTrial> running)
      throws IOException {
    Ranking ranking = Ranking.of(results.latest(), alpha(out));
    List<Path> files = new ArrayList<>();
    for (ReportWriter w : standard(running)) {
      files.addAll(w.write(ranking, out));
    }
    return new Written(ranking, files);
  }

  /** {@code config.ranking.alpha} of {@code OUT/sweep.json}, or the default when absent or unreadable. */
  static double alpha(OutputDir out) {
    Path manifest = out.resolve(ResultStore.MANIFEST);
    if (Files.isRegularFile(manifest)) {
      try {
        JsonNode a = new ObjectMapper().readTree(manifest.toFile()).path("config").path("ranking").path("alpha");
        if (a.isNumber() && a.asDouble() > 0 && a.asDouble() < 1) {
          return a.asDouble();
        }
      } catch (IOException e) {
        // the report still ranks at the default; resuming reports the unreadable file
      }
    }
    return SweepConfig.DEFAULT_ALPHA;
  }

  /**
   * What {@link #writeAll} did.
   *
   * @param ranking the ranking written
   * @param files the files written, in writer order
   */
  public record Written(Ranking ranking, List<Path> files) {
    public Written {
      files = List.copyOf(files);
    }
  }
}
