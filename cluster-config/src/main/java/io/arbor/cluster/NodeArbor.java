package io.arbor.cluster;

import io.arbor.runtime.Arbor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorSystem;

/**
 * Where the health checks find the Arbor of the ActorSystem that Pekko Management constructs them
 * with. The launcher records its Arbor here once started; a system without one is still starting.
 * This is the seam to replace by {@code Arbor.of(system)} once the runtime has that extension.
 */
final class NodeArbor {
  private static final Map<ActorSystem, Arbor> STARTED = new ConcurrentHashMap<>();

  private NodeArbor() {}

  /** Records {@code arbor} as its system's Arbor until that system terminates. */
  static void started(Arbor arbor) {
    ActorSystem system = arbor.system().classicSystem();
    STARTED.put(system, arbor);
    system.getWhenTerminated().whenComplete((terminated, error) -> STARTED.remove(system));
  }

  /** {@code system}'s Arbor, or empty while it is starting (or after its system terminated). */
  static Optional<Arbor> of(ActorSystem system) {
    return Optional.ofNullable(STARTED.get(system));
  }
}
