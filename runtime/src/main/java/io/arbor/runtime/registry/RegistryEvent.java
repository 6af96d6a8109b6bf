package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.ArborSerializable;
import java.time.Instant;

/**
 * What the registry journals. Every event says which plugin, when, on which node and why, so the
 * journal doubles as the activity history, and which command produced it ({@code command}, null in
 * journals written before commands had ids), so that a command delivered twice is applied once.
 * Journaled: a record's components may be added (read as null from older journals), never renamed.
 */
public sealed interface RegistryEvent extends ArborSerializable {
  String plugin();

  Instant at();

  String node();

  String reason();

  /** The id of the command that produced this event, or null. */
  String command();

  /** A plugin seen for the first time. */
  record PluginRegistered(PluginRecord record, String reason, Instant at, String node, String command) implements RegistryEvent {
    public PluginRegistered(PluginRecord record, String reason, Instant at, String node) {
      this(record, reason, at, node, null);
    }

    @Override
    public String plugin() {
      return record.name();
    }
  }

  /** A registration changed the fields declared in code (priority, dependencies, settings...). */
  record PluginRedeclared(String plugin, PluginDescriptor descriptor, String reason, Instant at, String node, String command)
      implements RegistryEvent {
    public PluginRedeclared(String plugin, PluginDescriptor descriptor, String reason, Instant at, String node) {
      this(plugin, descriptor, reason, at, node, null);
    }
  }

  record StatusChanged(
      String plugin, PluginStatus from, PluginStatus to, String reason, Instant at, String node, String command)
      implements RegistryEvent {
    public StatusChanged(String plugin, PluginStatus from, PluginStatus to, String reason, Instant at, String node) {
      this(plugin, from, to, reason, at, node, null);
    }
  }

  record PluginUnregistered(String plugin, String reason, Instant at, String node, String command) implements RegistryEvent {
    public PluginUnregistered(String plugin, String reason, Instant at, String node) {
      this(plugin, reason, at, node, null);
    }
  }
}
