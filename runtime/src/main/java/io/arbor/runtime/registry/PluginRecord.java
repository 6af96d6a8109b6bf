package io.arbor.runtime.registry;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Settings;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One plugin as the registry stores it: the fields declared in code ({@link #descriptor()}), the
 * runtime's own (id, status, times), which re-registration never changes, the installed {@link
 * Artifact} its code comes from (null for a plugin registered from the application's code, and in
 * journals written before installs existed), and the runtime override of its settings.
 *
 * @param settingsOverride the settings a live configuration update set (null: none, as in journals
 *     written before live configuration existed); {@link #settings()} merges them over the declared
 *     ones, so that a re-registration from code keeps them and keys it adds still appear
 */
public record PluginRecord(
    String id, PluginDescriptor descriptor, PluginStatus status, Instant registeredAt, Instant updatedAt, Artifact artifact,
    @JsonSerialize(using = JournaledSettings.Writer.class) @JsonDeserialize(using = JournaledSettings.Reader.class)
    Map<String, Object> settingsOverride) {

  public PluginRecord(String id, PluginDescriptor descriptor, PluginStatus status, Instant registeredAt, Instant updatedAt) {
    this(id, descriptor, status, registeredAt, updatedAt, null, null);
  }

  public PluginRecord(
      String id, PluginDescriptor descriptor, PluginStatus status, Instant registeredAt, Instant updatedAt, Artifact artifact) {
    this(id, descriptor, status, registeredAt, updatedAt, artifact, null);
  }

  public PluginRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    settingsOverride = settingsOverride == null ? null : Settings.checked("settingsOverride", settingsOverride);
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

  /** The settings its instances run with: the declared ones with the runtime override deep-merged over them. */
  public Map<String, Object> settings() {
    return settingsOverride == null ? descriptor.extra() : Settings.merge(descriptor.extra(), settingsOverride);
  }

  /** The descriptor its instances are given: the declared one with {@link #settings()}. */
  public PluginDescriptor runningDescriptor() {
    return settingsOverride == null ? descriptor : descriptor.withExtra(settings());
  }

  /**
   * Whether {@code other} is this record apart from its runtime override. A live configuration update
   * leaves {@code updatedAt} as it was, so that a change that moves only {@code updatedAt} (a restart
   * of a restarted plugin) still tells the chains to start a fresh instance.
   */
  public boolean sameApartFromSettings(PluginRecord other) {
    return other != null && equals(new PluginRecord(other.id, other.descriptor, other.status, other.registeredAt, other.updatedAt,
        other.artifact, settingsOverride));
  }

  PluginRecord withStatus(PluginStatus newStatus, Instant at) {
    return new PluginRecord(id, descriptor, newStatus, registeredAt, at, artifact, settingsOverride);
  }

  PluginRecord withDescriptor(PluginDescriptor newDescriptor, Artifact newArtifact, Instant at) {
    return new PluginRecord(id, newDescriptor, status, registeredAt, at, newArtifact, settingsOverride);
  }

  /** Keeps {@code updatedAt}: see {@link #sameApartFromSettings}; the history has when the settings changed. */
  PluginRecord withSettingsOverride(Map<String, Object> newOverride) {
    return new PluginRecord(id, descriptor, status, registeredAt, updatedAt, artifact, newOverride);
  }
}
