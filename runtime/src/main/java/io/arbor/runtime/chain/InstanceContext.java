package io.arbor.runtime.chain;

import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.PluginStore;
import io.arbor.plugin.ReplicatedStore;
import io.arbor.runtime.store.PluginStores;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The {@link PluginContext} of one plugin instance: its settings as it last took them, its child
 * actors (children of the plugin's actor, stopped with the instance) and the plugin's stores.
 */
final class InstanceContext implements PluginContext {
  private final ActorContext<?> actor;
  private final PluginStores stores;
  /** The instance's number within its actor: a child's actor name carries it, so that a fresh instance may reuse a name at once. */
  private final long instance;
  private final Map<String, ActorRef<?>> children = new LinkedHashMap<>();
  private PluginDescriptor descriptor;

  InstanceContext(ActorContext<?> actor, PluginDescriptor declared, Map<String, Object> settings, PluginStores stores, long instance) {
    this.actor = actor;
    this.stores = stores;
    this.instance = instance;
    this.descriptor = declared.withExtra(settings);
  }

  @Override
  public PluginDescriptor descriptor() {
    return descriptor;
  }

  /** The settings the instance runs with. */
  Map<String, Object> settings() {
    return descriptor.extra();
  }

  /** The instance took {@code next} through its hook. */
  void settings(Map<String, Object> next) {
    descriptor = descriptor.withExtra(next);
  }

  @Override
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    Objects.requireNonNull(behavior, "behavior");
    Objects.requireNonNull(name, "name");
    if (children.containsKey(name)) {
      throw new IllegalArgumentException("plugin '" + descriptor.name() + "' already has a child named '" + name + "'");
    }
    ActorRef<T> child = actor.spawn(behavior, "child-" + instance + "-" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    actor.watch(child); // one that stops on its own frees its name
    children.put(name, child);
    return child;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<ActorRef<T>> child(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable((ActorRef<T>) children.get(name));
  }

  /** A child stopped on its own: its name is free again. */
  void childStopped(ActorRef<?> child) {
    children.values().remove(child);
  }

  /** The instance stops: so do its children (unwatched first, so that their end is no signal to the next instance). */
  void stopChildren() {
    for (ActorRef<?> child : children.values()) {
      actor.unwatch(child);
      actor.stop(child);
    }
    children.clear();
  }

  @Override
  public PluginStore store() {
    return stores.local(descriptor.name());
  }

  @Override
  public ReplicatedStore replicatedStore() {
    return stores.replicated(descriptor.name());
  }
}
