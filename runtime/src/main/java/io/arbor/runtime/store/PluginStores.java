package io.arbor.runtime.store;

import io.arbor.plugin.PluginStore;
import io.arbor.plugin.ReplicatedStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every plugin's stores on this node, made on first use: they outlive the plugin's instances (its
 * restarts, reconfigurations and upgrades) and are emptied when the plugin is unregistered. Without
 * a cluster, a plugin's replicated store is a local one.
 */
public final class PluginStores {
  private static final Logger log = LoggerFactory.getLogger(PluginStores.class);

  private final ConcurrentMap<String, PluginStore> local = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ReplicatedStore> replicated = new ConcurrentHashMap<>();
  private final ActorSystem<?> system;
  private final StoreSettings settings;
  private final boolean clustered;

  public PluginStores(ActorSystem<?> system, StoreSettings settings) {
    this.system = system;
    this.settings = settings;
    this.clustered = system.settings().config().getString("pekko.actor.provider").equals("cluster");
  }

  public PluginStore local(String plugin) {
    return local.computeIfAbsent(plugin, name -> PluginStore.inMemory());
  }

  public ReplicatedStore replicated(String plugin) {
    return replicated.computeIfAbsent(plugin, name -> clustered
        ? new DistributedStore(system, name, settings)
        : ReplicatedStore.of(PluginStore.inMemory()));
  }

  /**
   * The plugin was unregistered: its store on this node goes; its replicated store is emptied when
   * {@code clearReplicated} (on the node the unregistration came from, so that it is emptied once).
   */
  public void drop(String plugin, boolean clearReplicated) {
    local.remove(plugin);
    ReplicatedStore shared = replicated.remove(plugin);
    if (clearReplicated && clustered) {
      DistributedStore store = shared instanceof DistributedStore distributed ? distributed : new DistributedStore(system, plugin, settings);
      store.clear().whenComplete((done, error) -> {
        if (error != null) {
          log.warn("Could not empty the replicated store of unregistered plugin '{}': {}", plugin, error.getMessage());
        }
      });
    }
  }
}
