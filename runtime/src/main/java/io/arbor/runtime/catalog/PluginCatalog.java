package io.arbor.runtime.catalog;

import io.arbor.plugin.PluginDefinition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Plugin code available on this node, by plugin name. */
public final class PluginCatalog {
  private final Map<String, PluginDefinition<?>> definitions = new ConcurrentHashMap<>();

  /** Adds or replaces the code for a plugin; returns the code it replaced, if any. */
  public Optional<PluginDefinition<?>> add(PluginDefinition<?> definition) {
    return Optional.ofNullable(definitions.put(definition.name(), definition));
  }

  /** Puts back what {@link #add} replaced (or removes the plugin's code if there was none). */
  public void restore(String name, Optional<PluginDefinition<?>> previous) {
    if (previous.isPresent()) {
      definitions.put(name, previous.get());
    } else {
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
