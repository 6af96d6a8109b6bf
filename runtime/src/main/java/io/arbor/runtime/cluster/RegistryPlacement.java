package io.arbor.runtime.cluster;

import io.arbor.runtime.registry.Registry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Spawns the registry's writer where the mode wants it. On a cluster, {@link ClusterSingleton} runs
 * it on the oldest member and hands it over when that member leaves; what this returns is the
 * singleton's proxy, which buffers commands while no writer exists (a buffered command may still be
 * delivered after its ask timed out, which is why commands are applied once by id).
 */
public final class RegistryPlacement {
  /** The singleton's name: the same on every node of a cluster. */
  public static final String SINGLETON_NAME = "arbor-registry";

  private RegistryPlacement() {}

  public static boolean clustered(ActorSystem<?> system) {
    return system.settings().config().getString("pekko.actor.provider").equals("cluster");
  }

  /** The registry's writer, or its proxy: {@code registry} already carries its supervision (a backoff). */
  public static ActorRef<Registry.Command> place(ActorContext<?> context, Behavior<Registry.Command> registry) {
    if (clustered(context.getSystem())) {
      return ClusterSingleton.get(context.getSystem()).init(SingletonActor.of(registry, SINGLETON_NAME));
    }
    return context.spawn(registry, "registry");
  }
}
