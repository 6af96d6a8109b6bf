package io.arbor.runtime.chain;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a call.
 *
 * @param state the chain's result (the caller's input when {@code returnInput} was set)
 * @param ran the plugins that ran to completion, in order (the halting plugin included)
 * @param haltedBy the plugin that halted the chain, or null when it ran to the end
 * @param failures plugins that threw, returned null, timed out or were unavailable, in order
 * @param notLoaded active plugins of the event whose code is not on this node, so they were left out
 * @param attachment the caller's attachment, untouched
 * @param timings each plugin's time in its actor, in order, when the call was profiled; else empty
 */
public record CallResult<S>(
    S state, List<String> ran, String haltedBy, List<PluginFailure> failures, List<String> notLoaded, Object attachment,
    List<PluginTiming> timings)
    implements CallReply {

  public CallResult {
    ran = List.copyOf(ran);
    failures = List.copyOf(failures);
    notLoaded = List.copyOf(notLoaded);
    timings = List.copyOf(timings);
  }

  public boolean halted() {
    return haltedBy != null;
  }

  public Optional<String> haltedByPlugin() {
    return Optional.ofNullable(haltedBy);
  }

  /** True when no plugin failed. */
  public boolean clean() {
    return failures.isEmpty();
  }
}
