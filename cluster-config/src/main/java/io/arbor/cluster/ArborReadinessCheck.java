package io.arbor.cluster;

import io.arbor.runtime.health.HealthReport;
import io.arbor.runtime.health.EventHealth;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko Management's readiness check ({@code /ready}): ready once this node's Arbor has started and
 * is running (not paused as a whole, not draining: {@code Arbor.info()}), its registry view has caught up (no gap or cold start being repaired, its chains reflect every change
 * it knows of) and its health report is healthy (every declared event's active plugins pass their
 * health check). Nothing here asks the registry's writer, so a node stays ready while the writer
 * moves to another node: it keeps serving calls meanwhile. In a
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
        .map(arbor -> arbor.info().thenCompose(info -> {
          if (!info.status().ready()) {
            log.info("Not ready: this node is {} ({})", info.status().name().toLowerCase(Locale.ROOT), info.reason());
            return CompletableFuture.completedFuture(false);
          }
          return arbor.registryCaughtUp().thenCompose(caughtUp -> {
            if (!caughtUp) {
              log.info("Not ready: this node's registry view is catching up (its chains reflect version {})", arbor.appliedVersion());
              return CompletableFuture.completedFuture(false);
            }
            return arbor.health().thenApply(ArborReadinessCheck::ready);
          });
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
