package io.arbor.runtime.chain;

import io.arbor.plugin.Names;
import io.arbor.runtime.ArborException;

/** A call named an event that was never declared on this runtime. */
public final class UnknownEventException extends ArborException {
  private final String event;

  public UnknownEventException(String event) {
    super("Unknown event '" + Names.shown(event) + "': declare it with Arbor.declare(EventType) or the builder's event(...) first.");
    this.event = event;
  }

  public String event() {
    return event;
  }

  @Override
  public String code() {
    return "unknown_event";
  }
}
