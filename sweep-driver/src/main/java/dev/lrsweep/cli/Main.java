package dev.lrsweep.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code scripts/sweep} and of the application jar. Exit codes: {@link ExitCode}
 * (0 all trials have a result, 1 some failed, 2 bad input, 3 nothing completed); commands throw
 * and {@link ExitCode#MAPPER} maps.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Which learning-rate schedule trains MiniVGG on CIFAR-10 best?",
    subcommands = {
      RunCommand.class,
      PlanCommand.class,
      ReportCommand.class,
      ScheduleCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    return new CommandLine(new Main())
        .setExitCodeExceptionMapper(ExitCode.MAPPER)
        .setExecutionExceptionHandler(ExitCode.HANDLER)
        .execute(args);
  }
}
