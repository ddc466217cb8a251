package dev.lrsweep.data;

/**
 * A dataset's files are missing, truncated or corrupt. The message names the file, the record
 * (counted from 0) and the problem.
 */
public class DataFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
