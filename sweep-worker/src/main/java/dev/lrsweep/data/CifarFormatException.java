package dev.lrsweep.data;

/** A CIFAR-10 file is missing, truncated or corrupt; the message says which, where and what. */
public class CifarFormatException extends DataFormatException {
  private static final long serialVersionUID = 1L;

  public CifarFormatException(String message) {
    super(message);
  }

  public CifarFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
