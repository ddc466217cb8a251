package dev.lrsweep.spark;

/**
 * The Spark job running a sweep failed as a whole (a task failed more often than {@code
 * spark.task.maxFailures}, the context stopped, the job was cancelled). Trials that finished before
 * were already handed to the caller's sink.
 */
public class TrialJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrialJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
