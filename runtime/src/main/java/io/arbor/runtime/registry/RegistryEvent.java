package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.ArborSerializable;
import java.time.Instant;

/**
 * What the registry journals. Every event says which plugin, when, on which node and why, so the
 * journal doubles as the activity history.
 */
public sealed interface RegistryEvent extends ArborSerializable {
  String plugin();

  Instant at();

  String node();

  String reason();

  /** A plugin seen for the first time. */
  record PluginRegistered(PluginRecord record, String reason, Instant at, String node) implements RegistryEvent {
    @Override
    public String plugin() {
      return record.name();
    }
  }

  /** A registration changed the fields declared in code (priority, dependencies, settings...). */
  record PluginRedeclared(String plugin, PluginDescriptor descriptor, String reason, Instant at, String node)
      implements RegistryEvent {}

  record StatusChanged(
      String plugin, PluginStatus from, PluginStatus to, String reason, Instant at, String node)
      implements RegistryEvent {}

  record PluginUnregistered(String plugin, String reason, Instant at, String node) implements RegistryEvent {}
}
