package io.arbor.runtime;

/** Base of every error Arbor reports to a caller. {@link #code()} is stable and machine-readable. */
public abstract class ArborException extends RuntimeException {
  protected ArborException(String message) {
    super(message);
  }

  protected ArborException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A stable identifier for the kind of error, for example {@code unknown_event}. */
  public abstract String code();
}
