package dev.lrsweep.store;

/**
 * The output directory holds results of a sweep with different data, training or seed, which
 * must not be mixed with the new ones.
 */
public class ResumeRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public ResumeRefusedException(String message) {
    super(message);
  }
}
