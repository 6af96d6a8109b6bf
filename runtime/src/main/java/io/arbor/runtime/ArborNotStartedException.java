package io.arbor.runtime;

/**
 * {@link Arbor#of} found no Arbor on the ActorSystem: none was started on it, its start has not
 * finished, or it was closed.
 */
public final class ArborNotStartedException extends ArborException {
  ArborNotStartedException(String systemName) {
    super("No Arbor runs on ActorSystem '" + systemName
        + "': none was started on it, its start has not finished, or it was closed.");
  }

  @Override
  public String code() {
    return "not_started";
  }
}
