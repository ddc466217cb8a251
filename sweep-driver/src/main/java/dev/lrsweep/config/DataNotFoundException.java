package dev.lrsweep.config;

/** The dataset is not where the configuration, the environment or the project default say. */
public class DataNotFoundException extends Exception {
  private static final long serialVersionUID = 1L;

  public DataNotFoundException(String message) {
    super(message);
  }
}
