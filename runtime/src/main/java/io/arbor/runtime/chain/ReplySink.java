package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;

/** Where a call's outcome goes: the Java caller's future, or the actor that sent {@code Call}. */
sealed interface ReplySink {
  void succeed(CallResult<?> result);

  void fail(ArborException error);

  record ToFuture(CompletableFuture<CallResult<?>> future) implements ReplySink {
    @Override
    public void succeed(CallResult<?> result) {
      future.complete(result);
    }

    @Override
    public void fail(ArborException error) {
      future.completeExceptionally(error);
    }
  }

  record ToActor(ActorRef<CallReply> replyTo, Object attachment) implements ReplySink {
    @Override
    public void succeed(CallResult<?> result) {
      replyTo.tell(result);
    }

    @Override
    public void fail(ArborException error) {
      replyTo.tell(new CallReply.Failed(error, attachment));
    }
  }
}
