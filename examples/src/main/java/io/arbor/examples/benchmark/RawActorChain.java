package io.arbor.examples.benchmark;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The baseline: a hand-written chain of actors, each transforming the payload and telling the next;
 * the last completes the caller's future. It runs on a dispatcher with the same settings as Arbor's
 * plugin actors, on Pekko's own fork-join executor, so the ratio measures what Arbor adds (its
 * replaceable pool included), not a dispatcher difference.
 */
final class RawActorChain {
  record Hop(Payload payload, CompletableFuture<Payload> done) {}

  private final ActorRef<Hop> first;

  RawActorChain(ActorSystem<?> system, int length, String dispatcher) {
    ActorRef<Hop> next = null;
    for (int i = length - 1; i >= 0; i--) {
      next = system.systemActorOf(step(next), "raw-step-" + i + "-" + System.nanoTime(),
          Props.empty().withDispatcherFromConfig(dispatcher));
    }
    this.first = next;
  }

  private static Behavior<Hop> step(ActorRef<Hop> next) {
    return Behaviors.receiveMessage(hop -> {
      Payload payload = hop.payload().step();
      if (next == null) {
        hop.done().complete(payload);
      } else {
        next.tell(new Hop(payload, hop.done()));
      }
      return Behaviors.same();
    });
  }

  CompletableFuture<Payload> call(Payload payload) {
    CompletableFuture<Payload> done = new CompletableFuture<>();
    first.tell(new Hop(payload, done));
    return done;
  }
}
