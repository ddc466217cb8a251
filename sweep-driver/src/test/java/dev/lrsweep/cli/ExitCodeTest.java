package dev.lrsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrsweep.config.InvalidDataException;
import dev.lrsweep.spark.TrialJobException;
import dev.lrsweep.trial.TrialStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes: outcome of the trials, exceptions mapped, the list in --help, a bad dataset. */
class ExitCodeTest {
  private static final TrialStatus C = TrialStatus.COMPLETED;
  private static final TrialStatus F = TrialStatus.FAILED;
  private static final TrialStatus D = TrialStatus.DIVERGED;
  private static final TrialStatus S = TrialStatus.STOPPED;

  @Test
  void theTrialsOutcomeDecidesZeroOneOrThree() {
    assertEquals(0, ExitCode.ofStatuses(List.of(C, D, S)).code(), "diverged and stopped trials are results");
    assertEquals(1, ExitCode.ofStatuses(List.of(C, F, D)).code(), "one failed among completed");
    assertEquals(3, ExitCode.ofStatuses(List.of(F, D, D)).code(), "nothing completed");
    assertEquals(3, ExitCode.ofStatuses(List.of()).code(), "no trial at all completed either");
  }

  @Test
  void exceptionsMapToBadInputOrFailure() {
    assertEquals(2, ExitCode.MAPPER.getExitCode(new InvalidDataException("truncated", null)));
    assertEquals(2, ExitCode.MAPPER.getExitCode(new IllegalArgumentException("threads > cores")));
    assertEquals(1, ExitCode.MAPPER.getExitCode(new TrialJobException("executor lost", null)));
    assertEquals(1, ExitCode.MAPPER.getExitCode(new IOException("disk full")));
    assertEquals(1, ExitCode.MAPPER.getExitCode(new IllegalStateException("a bug")));
  }

  @Test
  void runHelpListsEveryCode() {
    CliCapture r = CliCapture.run("run", "--help");
    assertEquals(0, r.exitCode());
    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("Exit codes:"), r.out());
    for (String line : List.of(" 0 every trial has a result", " 1 some trials FAILED", " 2 bad input:",
        " 3 no trial completed")) {
      assertTrue(help.contains(line), line + " in " + r.out());
    }
  }

  @Test
  void aTruncatedDatasetStopsRunBeforeSparkWithTheFileAndExitsTwo(@TempDir Path dir) throws Exception {
    // the first 1 MB of the real archive: a gzip stream that ends inside its first batch file
    Path truncated = dir.resolve("cifar-10-binary.tar.gz");
    try (var in = Files.newInputStream(RunCommandTest.cifarArchive()); OutputStream out = Files.newOutputStream(truncated)) {
      out.write(in.readNBytes(1 << 20));
    }
    Path conf = RunCommandTest.writeConfig(dir, dir.resolve("out"), "{ family = constant, lr = 0.01 }");
    CliCapture r = CliCapture.run("run", "--config", conf.toString(), "--set", "data.path=" + truncated,
        "--master", "local[1]", "--status-every", "0");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().startsWith("sweep run: "), r.err());
    assertTrue(r.err().contains(truncated.toString()), "names the file: " + r.err());
    // the archive's first member is a training batch; the message names it and the record
    assertTrue(r.err().matches("(?s).*data_batch_\\d\\.bin: data ends inside record \\d+.*truncated.*"),
        "names the member and the record where it ended: " + r.err());
    assertTrue(!Files.exists(dir.resolve("out").resolve("results.jsonl")), "no trial ran");
  }

  @Test
  void aBadConfigStillExitsTwo(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("bad.conf"), "grid = [ { family = nope } ]\n");
    CliCapture r = CliCapture.run("run", "--config", f.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith("sweep run: "), r.err());
    assertTrue(r.err().contains("nope"), r.err());
  }
}
