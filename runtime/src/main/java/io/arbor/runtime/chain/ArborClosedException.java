package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** A call reached an Arbor runtime that has been closed. */
public final class ArborClosedException extends ArborException {
  ArborClosedException(String event) {
    super("Arbor is closed; the call to '" + event + "' was not run.");
  }

  @Override
  public String code() {
    return "closed";
  }
}
