package io.arbor.runtime.chain;

/** One plugin that failed during a call, and how. */
public record PluginFailure(String plugin, Kind kind, String message) {
  public enum Kind {
    /** The plugin threw. */
    THREW,
    /** The plugin returned null instead of a step. */
    RETURNED_NULL,
    /** The plugin's step handed on a null state, or one that is not of the event's state type. */
    INVALID_STATE,
    /** The plugin did not answer within its timeout. */
    TIMED_OUT,
    /**
     * The call did not wait for the plugin: its actor was gone (stopped or given up on), waiting out a
     * restart backoff, stuck in the plugin's code on an earlier call, or had too many calls queued.
     */
    UNAVAILABLE
  }
}
