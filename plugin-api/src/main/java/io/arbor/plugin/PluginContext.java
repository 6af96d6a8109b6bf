package io.arbor.plugin;

import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What the runtime gives a plugin instance when its actor starts: its descriptor and settings, child
 * actors that live and die with it, and its stores.
 *
 * <p>{@link #spawn} and {@link #child} belong to the plugin's actor: call them from {@link
 * Plugin#start}, {@link Plugin#call} or {@link Plugin#configure}, never from a thread of the plugin's
 * own (Pekko refuses that).
 */
public interface PluginContext {

  /** The plugin's descriptor, with its settings as they are now ({@link #extra()}). */
  PluginDescriptor descriptor();

  default String pluginName() {
    return descriptor().name();
  }

  /**
   * The plugin's settings now: those declared in code ({@link PluginDescriptor#extra()}) with any
   * runtime override merged over them. After {@link Plugin#configure} accepted new settings, these are
   * the new ones.
   */
  default Map<String, Object> extra() {
    return descriptor().extra();
  }

  /**
   * Spawns a child actor of this plugin instance, found again by {@link #child(String)}. It stops
   * when the instance does (the plugin stops, fails, is restarted, reconfigured by a restart,
   * upgraded or unregistered); the next instance's {@link Plugin#start} spawns its own.
   *
   * @throws IllegalArgumentException if this instance already has a child of that name
   */
  default <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    throw new UnsupportedOperationException("this context has no actor to spawn children under (a unit-test context)");
  }

  /** The child of this instance spawned under {@code name}, while it runs. */
  default <T> Optional<ActorRef<T>> child(String name) {
    return Optional.empty();
  }

  /**
   * The plugin's key-value store on this node: kept across the plugin's restarts, failures,
   * reconfigurations and upgrades, emptied when the plugin is unregistered, gone when the node stops.
   */
  PluginStore store();

  /**
   * The plugin's key-value store replicated to every node of the cluster (Pekko Distributed Data),
   * for small shared state; eventually consistent (see {@link ReplicatedStore}). On a node without a
   * cluster it is this node's alone.
   */
  ReplicatedStore replicatedStore();

  /** A context for unit tests of a plugin's {@link Plugin#start(PluginContext)}: in-memory stores, no children. */
  static PluginContext of(PluginDescriptor descriptor) {
    InvalidDescriptorException.requireNonNull("descriptor", descriptor);
    PluginStore store = PluginStore.inMemory();
    ReplicatedStore replicated = ReplicatedStore.of(PluginStore.inMemory());
    return new PluginContext() {
      @Override
      public PluginDescriptor descriptor() {
        return descriptor;
      }

      @Override
      public PluginStore store() {
        return store;
      }

      @Override
      public ReplicatedStore replicatedStore() {
        return replicated;
      }
    };
  }
}
