package io.arbor.plugin;

/** What a call does when this plugin throws, returns null or runs past its timeout. */
public enum FailurePolicy {
  /** The default: the chain continues with the state from before this plugin; the result reports it. */
  SKIP,
  /** The chain stops here; the state from before this plugin is the result, reported as halted. */
  HALT,
  /** The whole call fails with {@code PluginFailedException}. */
  FAIL_CALL
}
