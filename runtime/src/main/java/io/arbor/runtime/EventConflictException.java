package io.arbor.runtime;

import io.arbor.plugin.EventType;

/** An event name was declared twice with different state types. */
public final class EventConflictException extends ArborException {
  EventConflictException(EventType<?> existing, EventType<?> requested) {
    super("Event '" + existing.name() + "' is already declared with state type " + existing.stateType().getName()
        + "; it cannot be declared again with " + requested.stateType().getName() + ".");
  }

  @Override
  public String code() {
    return "event_conflict";
  }
}
