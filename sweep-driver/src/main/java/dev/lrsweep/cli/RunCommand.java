package dev.lrsweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** STUB: {@code sweep run}, implemented by its issue. */
@Command(name = "run", description = "(not implemented yet)")
public final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("sweep run: not implemented yet");
    return 1;
  }
}
