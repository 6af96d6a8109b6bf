package io.arbor.runtime.registry;

import io.arbor.runtime.ArborException;

/**
 * A lifecycle change was sent to the registry but Arbor cannot tell whether it was journaled: the
 * registry did not answer in time, or the journal failed the write (a write can fail after the
 * database stored it). Read the plugin's status or history to learn which; retrying is safe when the
 * change is an upsert or a status the plugin may already have.
 */
public final class WriteOutcomeUnknownException extends ArborException {
  public WriteOutcomeUnknownException(String why, Throwable cause) {
    super(why + "; the change may or may not have been journaled. Read the plugin's status (plugin(name)) or its history"
        + " (history(name)) to see whether it was, once the registry answers again.", cause);
  }

  @Override
  public String code() {
    return "write_outcome_unknown";
  }
}
