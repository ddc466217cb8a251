package dev.lrsweep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** STUB: {@code sweep schedule}, implemented by its issue. */
@Command(name = "schedule", description = "(not implemented yet)")
public final class ScheduleCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("sweep schedule: not implemented yet");
    return 1;
  }
}
