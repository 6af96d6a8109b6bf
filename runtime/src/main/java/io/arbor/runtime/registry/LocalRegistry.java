package io.arbor.runtime.registry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Reads of the registry from this node's {@link RegistryView}, not from its writer: no network hop,
 * and they keep answering while the writer is away (a cluster singleton moving to another node).
 * They show every change this node acknowledged, and the other nodes' changes once they have reached
 * this node's view.
 */
public final class LocalRegistry {
  private final ActorRef<RegistryView.Command> view;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Supplier<? extends RuntimeException> refusal;

  /** @param refusal the error for a read refused because Arbor is closed, or null while it is open */
  public LocalRegistry(ActorRef<RegistryView.Command> view, Duration timeout, Scheduler scheduler,
      Supplier<? extends RuntimeException> refusal) {
    this.view = view;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.refusal = refusal;
  }

  /** The registry as this node's view holds it. */
  public CompletionStage<RegistryState> state() {
    return local().thenCompose(local -> local.state() == null
        ? CompletableFuture.failedFuture(new RegistryUnavailableException("This node's registry view has no state yet", null))
        : CompletableFuture.completedFuture(local.state()));
  }

  /** Whether the view has every change it knows of and this node's chains reflect them all. */
  public CompletionStage<Boolean> caughtUp() {
    return local().thenApply(local -> !local.catchingUp() && local.applied() >= local.state().version());
  }

  private CompletionStage<RegistryView.Local> local() {
    RuntimeException refused = refusal.get();
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    return AskPattern.<RegistryView.Command, RegistryView.Local>ask(view, RegistryView.GetState::new, timeout, scheduler)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(new RegistryUnavailableException(
            "This node's registry view did not answer within " + timeout.toMillis() + " ms", error)));
  }
}
