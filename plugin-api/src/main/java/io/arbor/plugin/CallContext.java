package io.arbor.plugin;

import java.util.Map;

/**
 * What a plugin sees of the call besides the state: the event's name and the caller's read-only
 * meta context. One instance is shared by every plugin of a call.
 */
public record CallContext(String event, Map<String, Object> meta) {
  public CallContext {
    // No name validation here: one context is built per call, and the event was validated when declared.
    InvalidDescriptorException.requireNonNull("event", event);
    meta = meta == null ? Map.of() : copyOf(meta);
  }

  private static Map<String, Object> copyOf(Map<String, Object> meta) {
    try {
      return Map.copyOf(meta);
    } catch (NullPointerException e) { // Map.copyOf's only complaint
      throw new InvalidDescriptorException("meta", "must not contain null keys or values");
    }
  }

  /** A context for unit tests of a plugin. */
  public static CallContext of(String event, Map<String, Object> meta) {
    return new CallContext(event, meta);
  }

  /** A context for unit tests of a plugin, without meta. */
  public static CallContext of(String event) {
    return new CallContext(event, Map.of());
  }
}
