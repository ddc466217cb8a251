package dev.lrsweep.config;

/** The dataset is there but unusable: truncated, corrupt or incomplete (the message says where). */
public class InvalidDataException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
