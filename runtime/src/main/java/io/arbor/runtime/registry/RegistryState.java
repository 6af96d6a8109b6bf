package io.arbor.runtime.registry;

import io.arbor.runtime.ArborSerializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's state: every plugin by name, and a version that grows by one per journaled event.
 * Immutable: {@link #apply(RegistryEvent)} returns a new state, so readers never see a half change.
 */
public record RegistryState(Map<String, PluginRecord> plugins, long version) implements ArborSerializable {
  public static final RegistryState EMPTY = new RegistryState(Map.of(), 0);

  public RegistryState {
    plugins = Collections.unmodifiableMap(new TreeMap<>(plugins));
  }

  public RegistryState apply(RegistryEvent event) {
    TreeMap<String, PluginRecord> next = new TreeMap<>(plugins);
    if (event instanceof RegistryEvent.PluginRegistered registered) {
      next.put(registered.plugin(), registered.record());
    } else if (event instanceof RegistryEvent.PluginRedeclared redeclared) {
      next.computeIfPresent(redeclared.plugin(), (name, record) -> record.withDescriptor(redeclared.descriptor(), redeclared.at()));
    } else if (event instanceof RegistryEvent.StatusChanged changed) {
      next.computeIfPresent(changed.plugin(), (name, record) -> record.withStatus(changed.to(), changed.at()));
    } else if (event instanceof RegistryEvent.PluginUnregistered unregistered) {
      next.remove(unregistered.plugin());
    }
    return new RegistryState(next, version + 1);
  }

  public RegistryState applyAll(Collection<? extends RegistryEvent> events) {
    RegistryState state = this;
    for (RegistryEvent event : events) {
      state = state.apply(event);
    }
    return state;
  }

  public Optional<PluginRecord> plugin(String name) {
    return Optional.ofNullable(plugins.get(name));
  }

  /** A missing plugin is inactive. */
  public boolean isActive(String name) {
    PluginRecord record = plugins.get(name);
    return record != null && record.status().isActive();
  }

  /** The dependencies of {@code dependsOn} that are not active (missing ones included). */
  public List<String> inactive(Collection<String> dependsOn) {
    List<String> inactive = new ArrayList<>();
    for (String dependency : dependsOn) {
      if (!isActive(dependency)) {
        inactive.add(dependency);
      }
    }
    return inactive;
  }

  public List<PluginRecord> pluginsOf(String event) {
    return plugins.values().stream().filter(record -> record.event().equals(event)).toList();
  }

  public SortedSet<String> events() {
    TreeSet<String> events = new TreeSet<>();
    plugins.values().forEach(record -> events.add(record.event()));
    return Collections.unmodifiableSortedSet(events);
  }
}
