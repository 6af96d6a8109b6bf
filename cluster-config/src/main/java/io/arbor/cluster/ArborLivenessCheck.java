package io.arbor.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;

/**
 * Pekko Management's liveness check ({@code /alive}): alive while Arbor is starting (the start is
 * bounded by {@code arbor.startup-timeout}, after which the launcher exits), and once started while its
 * registry answers a health query, whatever the verdict: an unhealthy plugin is a reason to take the
 * node out of service ({@code /ready}), not to restart it. A registry that no longer answers fails
 * the check, after {@code pekko.management.health-checks.check-timeout} at the latest.
 */
public final class ArborLivenessCheck implements Supplier<CompletionStage<Boolean>> {
  private final ActorSystem system;

  /** Pekko Management constructs it with the node's classic ActorSystem. */
  public ArborLivenessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    return NodeArbor.of(system)
        .map(arbor -> arbor.health().thenApply(report -> true))
        .orElseGet(() -> CompletableFuture.completedFuture(true));
  }
}
