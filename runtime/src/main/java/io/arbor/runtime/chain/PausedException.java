package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** A call to a paused event (or while the whole runtime is paused) was refused; no plugin ran. */
public final class PausedException extends ArborException {
  private final String event;

  public PausedException(String event, boolean wholeRuntime) {
    this(event, wholeRuntime, null);
  }

  /** @param more what else happened to the call (held too long, no room to hold it), or null */
  public PausedException(String event, boolean wholeRuntime, String more) {
    super("The call to '" + event + "' was refused: " + (wholeRuntime ? "the runtime is paused" : "event '" + event + "' is paused")
        + (more == null ? "" : " " + more) + " (Arbor.resume" + (wholeRuntime ? "All()" : "(\"" + event + "\")")
        + " lets calls through again).");
    this.event = event;
  }

  public String event() {
    return event;
  }

  @Override
  public String code() {
    return "paused";
  }
}
