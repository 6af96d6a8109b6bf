package io.arbor.plugin;

import java.util.Map;

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
   * A live configuration update of this plugin's settings: the runtime calls it on a fresh instance
   * (never the running one) on the node the update is made from, before anything is journaled, to
   * get the settings the update leads to. The default is {@link Settings#merge}, the deep merge.
   *
   * @param current the settings now ({@link PluginContext#extra()})
   * @param update the update, already checked to hold only setting values
   */
  default Map<String, Object> mergeSettings(Map<String, Object> current, Map<String, Object> update) throws Exception {
    return Settings.merge(current, update);
  }

  /**
   * Refuses settings by throwing (say an {@link IllegalArgumentException} saying why): the update is
   * then refused with that message, and nothing changes anywhere. Called like {@link #mergeSettings},
   * with the settings the update would give. The default accepts anything.
   */
  default void validateSettings(Map<String, Object> settings) throws Exception {}

  /**
   * Applies new settings to this running instance, in its actor, between two calls (never during
   * one), on every node. Return true once applied; false (the default) to have the instance replaced
   * by a fresh one started with the new settings. A throw counts as a failure, and the instance
   * restarts with the new settings too.
   */
  default boolean configure(Map<String, Object> previous, Map<String, Object> next) throws Exception {
    return false;
  }

  /**
   * An optional health check. The runtime runs it time-boxed on a thread of its own, away from the
   * plugin's actor, so a slow check never delays calls; it may therefore run while {@link #call} runs,
   * so it must only read state that is safe to read concurrently (volatile or atomic fields).
   */
  default Health health() throws Exception {
    return Health.healthy();
  }
}
