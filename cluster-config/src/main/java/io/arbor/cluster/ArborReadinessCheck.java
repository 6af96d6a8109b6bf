package io.arbor.cluster;

import io.arbor.runtime.health.HealthReport;
import io.arbor.runtime.health.EventHealth;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko Management's readiness check ({@code /ready}): ready once this node's Arbor has started, its
 * chains reflect the registry's version as its writer holds it (the view has caught up with the
 * journal) and its health report is healthy (every declared event's active plugins pass their health
 * check). In a
 * cluster profile Pekko Management's own {@code cluster-membership} check also requires the node to
 * be Up. Registered in {@code arbor-management.conf}.
 */
public final class ArborReadinessCheck implements Supplier<CompletionStage<Boolean>> {
  private static final Logger log = LoggerFactory.getLogger(ArborReadinessCheck.class);
  private final ActorSystem system;

  /** Pekko Management constructs it with the node's classic ActorSystem. */
  public ArborReadinessCheck(ActorSystem system) {
    this.system = system;
  }

  @Override
  public CompletionStage<Boolean> get() {
    return NodeArbor.of(system)
        .map(arbor -> arbor.registryState().thenCompose(state -> {
          if (arbor.appliedVersion() < state.version()) {
            log.info("Not ready: this node's chains reflect registry version {}, the writer is at {}", arbor.appliedVersion(), state.version());
            return CompletableFuture.completedFuture(false);
          }
          return arbor.health().thenApply(ArborReadinessCheck::ready);
        }))
        .orElseGet(() -> {
          log.debug("Not ready: Arbor is still starting");
          return CompletableFuture.completedFuture(false);
        });
  }

  private static boolean ready(HealthReport report) {
    if (!report.healthy()) {
      // Pekko Management names only an internal class in its answer, so say here what is wrong.
      log.info("Not ready: unhealthy events {}",
          report.events().stream().filter(event -> !event.healthy()).map(EventHealth::event).toList());
    }
    return report.healthy();
  }
}
