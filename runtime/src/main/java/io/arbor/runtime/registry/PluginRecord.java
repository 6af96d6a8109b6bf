package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import java.time.Instant;
import java.util.Objects;

/**
 * One plugin as the registry stores it: the fields declared in code ({@link #descriptor()}), the
 * runtime's own (id, status, times), which re-registration never changes, and the installed {@link
 * Artifact} its code comes from (null for a plugin registered from the application's code, and in
 * journals written before installs existed).
 */
public record PluginRecord(
    String id, PluginDescriptor descriptor, PluginStatus status, Instant registeredAt, Instant updatedAt, Artifact artifact) {

  public PluginRecord(String id, PluginDescriptor descriptor, PluginStatus status, Instant registeredAt, Instant updatedAt) {
    this(id, descriptor, status, registeredAt, updatedAt, null);
  }

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

  /** Whether its code comes from an installed artifact rather than the application. */
  public boolean installed() {
    return artifact != null;
  }

  PluginRecord withStatus(PluginStatus newStatus, Instant at) {
    return new PluginRecord(id, descriptor, newStatus, registeredAt, at, artifact);
  }

  PluginRecord withDescriptor(PluginDescriptor newDescriptor, Artifact newArtifact, Instant at) {
    return new PluginRecord(id, newDescriptor, status, registeredAt, at, newArtifact);
  }
}
