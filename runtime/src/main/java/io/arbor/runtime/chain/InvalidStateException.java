package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** A call's state was null or not of the event's state type. */
public final class InvalidStateException extends ArborException {
  public InvalidStateException(String message) {
    super(message);
  }

  static InvalidStateException nullState(String event) {
    return new InvalidStateException("The state of a call to '" + event + "' must not be null.");
  }

  static InvalidStateException wrongType(String event, Class<?> expected, Object state) {
    return new InvalidStateException(
        "Event '" + event + "' takes a state of type " + expected.getName() + ", not " + state.getClass().getName() + ".");
  }

  @Override
  public String code() {
    return "invalid_state";
  }
}
