package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** What an actor that sent a {@code Call} message receives: a result, or the reason there is none. */
public sealed interface CallReply permits CallResult, CallReply.Failed {
  record Failed(ArborException error) implements CallReply {}
}
