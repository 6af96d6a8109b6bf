package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** A call or a lifecycle operation reached an Arbor runtime that has been closed. Nothing was done. */
public final class ArborClosedException extends ArborException {
  /** @param what what was refused, for example "the call to 'user.after_login'" */
  public ArborClosedException(String what) {
    super("Arbor is closed; " + what + " was not run.");
  }

  /** @param reason why Arbor closed, for example "Arbor was closed" or that its actors stopped */
  public ArborClosedException(String what, String reason) {
    super("Arbor is closed (" + reason + "); " + what + " was not run.");
  }

  @Override
  public String code() {
    return "closed";
  }
}
