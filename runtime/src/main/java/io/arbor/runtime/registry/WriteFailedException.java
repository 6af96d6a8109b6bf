package io.arbor.runtime.registry;

import io.arbor.runtime.ArborException;

/** The journal refused a lifecycle change before storing it: nothing was journaled and nothing changed. */
public final class WriteFailedException extends ArborException {
  public WriteFailedException(String cause) {
    super("The journal refused the change, so it was not journaled: " + cause);
  }

  @Override
  public String code() {
    return "write_failed";
  }
}
