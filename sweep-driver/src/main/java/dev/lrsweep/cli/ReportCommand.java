package dev.lrsweep.cli;

import dev.lrsweep.report.ConsoleReport;
import dev.lrsweep.report.HalvingReport;
import dev.lrsweep.report.MarkdownReport;
import dev.lrsweep.report.Ranking;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import dev.lrsweep.report.Reports;
import dev.lrsweep.store.OutputDir;
import dev.lrsweep.store.ResultStore;
import dev.lrsweep.store.StoredResults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sweep report --out OUT}: rebuilds {@code ranking.csv}, {@code trials.csv}, {@code
 * ranking.md}, {@code ranking.json}, {@code failures.csv}, {@code report.html} and the console
 * table from {@code OUT/results.jsonl} alone, no config needed ({@code ranking.alpha} is read
 * from {@code OUT/sweep.json} when it is there). Exit codes: 0 written, 1 I/O failure, 2 no results in OUT.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Rebuild the ranking and report files of a sweep from OUT/results.jsonl.")
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT", description = "The sweep's output directory.")
  Path out;

  @Option(
      names = "--compare",
      paramLabel = "FULL_OUT",
      description = {
        "For a successive-halving sweep: a full-grid run of the same sweep to compare with (did its winner",
        "survive, rank agreement); printed and appended to OUT/ranking.md."
      })
  Optional<Path> compare = Optional.empty();

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      StoredResults results = ResultStore.read(out);
      for (String warning : results.warnings()) {
        err.println("warning: " + warning);
      }
      Reports.Written written = Reports.writeAll(results, new OutputDir(out));
      stdout.print(ConsoleReport.render(written.ranking()));
      stdout.println();
      if (compare.isPresent()) {
        Ranking full = Ranking.of(ResultStore.read(compare.get()).latest());
        String text = HalvingReport.render(HalvingReport.compare(written.ranking(), full), written.ranking(), full);
        stdout.print(text);
        stdout.println();
        Files.writeString(new OutputDir(out).resolve(MarkdownReport.FILE),
            "\n## Against the full grid (" + compare.get() + ")\n\n" + text.replace("\n", "\n\n"),
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
      for (Path f : written.files()) {
        stdout.println("wrote " + f);
      }
      return ExitCode.OK.code();
    } catch (NoSuchFileException e) {
      throw e; // no results in OUT: bad input, exit 2
    } catch (IOException e) {
      throw new IOException("cannot rebuild the report in " + out + ": " + e, e);
    } finally {
      stdout.flush();
      err.flush();
    }
  }
}
