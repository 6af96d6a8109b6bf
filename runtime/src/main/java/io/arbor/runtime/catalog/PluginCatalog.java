package io.arbor.runtime.catalog;

import io.arbor.plugin.PluginDefinition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plugin code available on this node, by plugin name: the code of registered plugins, and of those
 * being registered. Reads ({@link #find}, {@link #contains}) take no lock; changes are rare and
 * serialized, so that dropping an unregistered plugin's code never races a new registration of it.
 */
public final class PluginCatalog {
  private final Map<String, PluginDefinition<?>> definitions = new ConcurrentHashMap<>();
  /** Registrations under way, by plugin name: their code must survive an unregistration journaled meanwhile. */
  private final Map<String, Integer> registering = new HashMap<>();
  /** Code the application provides on this node for whichever node registers it: never dropped. */
  private final Set<String> provided = new HashSet<>();

  /**
   * Makes a plugin's code available on this node without registering it: its chain runs it whenever
   * the registry has it active, registered through any node. It stays through unregistrations.
   */
  public synchronized void provide(PluginDefinition<?> definition) {
    provided.add(definition.name());
    definitions.put(definition.name(), definition);
  }

  /**
   * Adds or replaces the code for a plugin about to be registered; returns the code it replaced, if
   * any. The code is kept, even through an unregistration journaled meanwhile, until {@link #settled}.
   */
  public synchronized Optional<PluginDefinition<?>> add(PluginDefinition<?> definition) {
    registering.merge(definition.name(), 1, Integer::sum);
    return Optional.ofNullable(definitions.put(definition.name(), definition));
  }

  /** The registration that {@link #add} began has its outcome: from now on its code goes with an unregistration. */
  public synchronized void settled(String name) {
    registering.computeIfPresent(name, (plugin, count) -> count == 1 ? null : count - 1);
  }

  /** Puts back what {@link #add} replaced (or removes the plugin's code if there was none). */
  public synchronized void restore(String name, Optional<PluginDefinition<?>> previous) {
    if (previous.isPresent()) {
      definitions.put(name, previous.get());
    } else {
      definitions.remove(name);
    }
  }

  /** Drops the code of a plugin the registry no longer has, unless a registration of it is under way. */
  public synchronized void drop(String name) {
    if (!registering.containsKey(name) && !provided.contains(name)) {
      definitions.remove(name);
    }
  }

  public Optional<PluginDefinition<?>> find(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  public boolean contains(String name) {
    return definitions.containsKey(name);
  }
}
