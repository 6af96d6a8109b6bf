package io.arbor.runtime.chain;

import io.arbor.runtime.InvalidArgumentException;
import java.util.Map;

/**
 * Per-call options.
 *
 * @param meta read-only context handed to every plugin ({@code CallContext.meta()}); never merged
 *     into the result; null means none; null keys or values are refused with an {@link
 *     InvalidArgumentException} naming {@code meta}
 * @param returnInput when true every plugin still runs (for its side effects) but the result's state
 *     is the caller's input
 * @param attachment any object, handed back untouched in {@link CallResult#attachment()}; null means none
 * @param profile when true the result reports each plugin's time ({@link CallResult#timings()})
 */
public record CallOptions(Map<String, Object> meta, boolean returnInput, Object attachment, boolean profile) {
  public static final CallOptions DEFAULT = new CallOptions(Map.of(), false, null, false);

  public CallOptions {
    meta = meta == null ? Map.of() : copyOf(meta);
  }

  private static Map<String, Object> copyOf(Map<String, Object> meta) {
    try {
      return Map.copyOf(meta);
    } catch (NullPointerException e) { // Map.copyOf's only complaint
      throw new InvalidArgumentException("meta", "must not contain null keys or values");
    }
  }

  public static CallOptions defaults() {
    return DEFAULT;
  }

  public CallOptions withMeta(Map<String, Object> newMeta) {
    return new CallOptions(newMeta, returnInput, attachment, profile);
  }

  public CallOptions withReturnInput(boolean newReturnInput) {
    return new CallOptions(meta, newReturnInput, attachment, profile);
  }

  public CallOptions withAttachment(Object newAttachment) {
    return new CallOptions(meta, returnInput, newAttachment, profile);
  }

  public CallOptions withProfile(boolean newProfile) {
    return new CallOptions(meta, returnInput, attachment, newProfile);
  }
}
