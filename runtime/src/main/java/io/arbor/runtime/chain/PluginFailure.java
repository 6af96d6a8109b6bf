package io.arbor.runtime.chain;

/** One plugin that failed during a call, and how. */
public record PluginFailure(String plugin, Kind kind, String message) {
  public enum Kind {
    /** The plugin threw. */
    THREW,
    /** The plugin returned null instead of a step. */
    RETURNED_NULL,
    /** The plugin did not answer within its timeout. */
    TIMED_OUT,
    /** The plugin's actor was gone (stopped or given up on), or waiting out a restart backoff, when the call reached it. */
    UNAVAILABLE
  }
}
