package io.arbor.plugin;

/**
 * What a plugin returns: continue the chain with a state, or halt it and make the state the result.
 *
 * @param <S> the event's state type
 */
public sealed interface Step<S> permits Step.Next, Step.Halt {

  /** The state handed to the next plugin, or the chain's result when the step halts. */
  S state();

  /** Continue the chain: the next plugin receives {@code state}. */
  static <S> Step<S> next(S state) {
    return new Next<>(state);
  }

  /** End the chain here: {@code state} is the result and no later plugin runs. */
  static <S> Step<S> halt(S state) {
    return new Halt<>(state);
  }

  record Next<S>(S state) implements Step<S> {}

  record Halt<S>(S state) implements Step<S> {}
}
