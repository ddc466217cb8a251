package dev.lrsweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** STUB: {@code sweep plan}, implemented by its issue. */
@Command(name = "plan", description = "(not implemented yet)")
public final class PlanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("sweep plan: not implemented yet");
    return 1;
  }
}
