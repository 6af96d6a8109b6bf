package io.arbor.plugin;

/**
 * A plugin: plain Java code attached to one event. The runtime gives every plugin its own actor, so
 * the plugin's fields are only ever touched by one thread at a time and need no synchronization.
 *
 * <p>A plugin that throws (from any method) or runs past its timeout does not fail the call by
 * default: see {@link FailurePolicy}. Its actor is then restarted with a fresh instance.
 *
 * @param <S> the state type of the plugin's event
 */
public interface Plugin<S> {

  /**
   * Handle one call: return {@link Step#next(Object)} to pass a state on, or {@link
   * Step#halt(Object)} to end the chain with it. Returning {@code null} counts as a failure.
   */
  Step<S> call(S state, CallContext context) throws Exception;

  /** Called when the plugin's actor starts or restarts, before its first call. */
  default void start(PluginContext context) throws Exception {}

  /** Called when the plugin's actor stops or is about to restart. */
  default void stop() throws Exception {}

  /**
   * An optional health check. The runtime runs it time-boxed on a thread of its own, away from the
   * plugin's actor, so a slow check never delays calls; it may therefore run while {@link #call} runs,
   * so it must only read state that is safe to read concurrently (volatile or atomic fields).
   */
  default Health health() throws Exception {
    return Health.healthy();
  }
}
