package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** What an actor that sent a {@code Call} message receives: a result, or the reason there is none. */
public sealed interface CallReply permits CallResult, CallReply.Failed {
  /** The call failed; {@code attachment} is the caller's, so an actor can tell its calls apart. */
  record Failed(ArborException error, Object attachment) implements CallReply {}
}
