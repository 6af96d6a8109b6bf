package io.arbor.runtime.catalog;

import io.arbor.plugin.PluginDefinition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Plugin code available on this node, by plugin name. */
public final class PluginCatalog {
  private final Map<String, PluginDefinition<?>> definitions = new ConcurrentHashMap<>();

  /** Adds or replaces the code for a plugin. */
  public void add(PluginDefinition<?> definition) {
    definitions.put(definition.name(), definition);
  }

  public Optional<PluginDefinition<?>> find(String name) {
    return Optional.ofNullable(definitions.get(name));
  }

  public boolean contains(String name) {
    return definitions.containsKey(name);
  }
}
