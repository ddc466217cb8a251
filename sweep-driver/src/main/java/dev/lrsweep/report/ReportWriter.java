package dev.lrsweep.report;

import dev.lrsweep.store.OutputDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a ranking to files in the output directory. Each format is one implementation; {@link
 * Reports#standard()} lists those {@code sweep report} writes, and a new format (an HTML report
 * with charts) is one more implementation added there.
 */
public interface ReportWriter {
  /**
   * Writes this format's files.
   *
   * @param ranking what to render
   * @param out the output directory; every file goes through {@link OutputDir#resolve}
   * @return the files written
   */
  List<Path> write(Ranking ranking, OutputDir out) throws IOException;
}
