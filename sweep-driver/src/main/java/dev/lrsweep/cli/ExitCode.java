package dev.lrsweep.cli;

import dev.lrsweep.config.DataNotFoundException;
import dev.lrsweep.config.InvalidDataException;
import dev.lrsweep.config.SweepConfigException;
import dev.lrsweep.store.ResumeRefusedException;
import dev.lrsweep.trial.TrialStatus;
import java.nio.file.NoSuchFileException;
import java.util.Collection;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;

/**
 * What the exit code of a {@code sweep} command says, in one place: the commands return {@link
 * #OK} or the outcome of their trials ({@link #ofStatuses}) and throw for everything else; {@link
 * #MAPPER} turns an exception into its code and {@link #HANDLER} prints its message. {@code --help}
 * lists {@link #HELP}.
 */
public enum ExitCode {
  /** Every trial of the sweep has a result and none FAILED (a DIVERGED trial is a result). */
  OK(0, Help.OK),
  /** Some trials FAILED while others completed, or the run itself failed (Spark job, output). */
  SOME_FAILED(1, Help.SOME_FAILED),
  /** Bad input found before any training: configuration, data, resume mismatch, options. */
  BAD_INPUT(2, Help.BAD_INPUT),
  /** The sweep ran but no trial completed: every one failed or diverged. */
  NOTHING_COMPLETED(3, Help.NOTHING_COMPLETED);

  /** The meanings as compile-time constants, so {@code @Command(exitCodeList = ...)} can list them. */
  static final class Help {
    static final String OK = " 0:every trial has a result (completed, diverged, or stopped by halving); none failed";
    static final String SOME_FAILED =
        " 1:some trials FAILED (see failures.csv), or the Spark job or the output directory failed";
    static final String BAD_INPUT =
        " 2:bad input: configuration, dataset (missing, truncated, corrupt), a refused resume, bad options";
    static final String NOTHING_COMPLETED = " 3:no trial completed: every trial failed or diverged";

    private Help() {}
  }

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The line {@code --help} prints for this code. */
  public String meaning() {
    return meaning;
  }

  public int code() {
    return code;
  }

  /**
   * The outcome of a sweep from the statuses of its trials: {@link #NOTHING_COMPLETED} when none
   * completed, else {@link #SOME_FAILED} when any failed, else {@link #OK}.
   */
  public static ExitCode ofStatuses(Collection<TrialStatus> statuses) {
    if (statuses.stream().noneMatch(s -> s == TrialStatus.COMPLETED)) {
      return NOTHING_COMPLETED;
    }
    return statuses.contains(TrialStatus.FAILED) ? SOME_FAILED : OK;
  }

  /** The code of an exception a command threw. */
  public static ExitCode of(Throwable t) {
    if (t instanceof SweepConfigException
        || t instanceof DataNotFoundException
        || t instanceof InvalidDataException
        || t instanceof ResumeRefusedException
        || t instanceof NoSuchFileException
        || t instanceof IllegalArgumentException
        || t instanceof CommandLine.ParameterException) {
      return BAD_INPUT;
    }
    return SOME_FAILED;
  }

  /** picocli's hook from exception to exit code. */
  public static final IExitCodeExceptionMapper MAPPER = t -> of(t).code();

  /**
   * Prints {@code sweep <command>: <message>} (no stack trace: these are the user's problems or
   * the run's, already explained) and returns the mapped code.
   */
  public static final IExecutionExceptionHandler HANDLER = (e, commandLine, parseResult) -> {
    String name = commandLine.getCommandSpec().qualifiedName();
    commandLine.getErr().println(name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    commandLine.getErr().flush();
    return MAPPER.getExitCode(e);
  };
}
