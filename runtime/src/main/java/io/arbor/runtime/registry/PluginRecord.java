package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import java.time.Instant;
import java.util.Objects;

/**
 * One plugin as the registry stores it: the fields declared in code ({@link #descriptor()}) and the
 * runtime's own (id, status, times), which re-registration never changes.
 */
public record PluginRecord(
    String id, PluginDescriptor descriptor, PluginStatus status, Instant registeredAt, Instant updatedAt) {

  public PluginRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public String name() {
    return descriptor.name();
  }

  public String event() {
    return descriptor.event();
  }

  PluginRecord withStatus(PluginStatus newStatus, Instant at) {
    return new PluginRecord(id, descriptor, newStatus, registeredAt, at);
  }

  PluginRecord withDescriptor(PluginDescriptor newDescriptor, Instant at) {
    return new PluginRecord(id, newDescriptor, status, registeredAt, at);
  }
}
