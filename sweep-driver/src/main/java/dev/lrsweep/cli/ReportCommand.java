package dev.lrsweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** STUB: {@code sweep report}, implemented by its issue. */
@Command(name = "report", description = "(not implemented yet)")
public final class ReportCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("sweep report: not implemented yet");
    return 1;
  }
}
