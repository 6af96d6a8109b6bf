package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.arbor.runtime.ArborSerializable;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.Map;

/**
 * What the registry journals. Every event says which plugin, when, on which node and why, so the
 * journal doubles as the activity history, and which command produced it ({@code command}, null in
 * journals written before commands had ids), so that a command delivered twice is applied once.
 * Journaled: a record's components may be added (read as null from older journals), never renamed.
 */
public sealed interface RegistryEvent extends ArborSerializable {
  /** The plugin the event is about; null for an event about calls rather than plugins ({@link Paused}, {@link Resumed}). */
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

  /**
   * A registration changed the fields declared in code (priority, dependencies, settings...), or an
   * upgrade brought the plugin in a new artifact version. {@code artifact} is the plugin's artifact
   * from now on: null for the application's code (and in journals written before installs existed,
   * when every plugin was the application's).
   */
  record PluginRedeclared(
      String plugin, PluginDescriptor descriptor, String reason, Instant at, String node, String command, Artifact artifact)
      implements RegistryEvent {
    public PluginRedeclared(String plugin, PluginDescriptor descriptor, String reason, Instant at, String node) {
      this(plugin, descriptor, reason, at, node, null, null);
    }
  }

  /**
   * A plugin's status changed.
   *
   * @param released true exactly when this is a release from hold by the rules (held to restarted,
   *     its dependencies active again), as opposed to an operator's restart or enable
   */
  record StatusChanged(
      String plugin, PluginStatus from, PluginStatus to, boolean released, String reason, Instant at, String node,
      String command)
      implements RegistryEvent {

    /** The text every release from hold was journaled with before {@code released} existed. */
    static final String LEGACY_RELEASED_REASON = "released: dependencies active again";

    public StatusChanged(String plugin, PluginStatus from, PluginStatus to, boolean released, String reason, Instant at, String node) {
      this(plugin, from, to, released, reason, at, node, null);
    }

    public StatusChanged(String plugin, PluginStatus from, PluginStatus to, String reason, Instant at, String node) {
      this(plugin, from, to, false, reason, at, node, null);
    }

    /**
     * Reads a journaled event. Events written before {@code released} existed lack it; for those, and
     * only those, it is the legacy reading: a release was the one change with the reason
     * {@link #LEGACY_RELEASED_REASON}. Events written since carry the field and are read as written.
     * {@code command} is null in events written before commands had ids.
     */
    @JsonCreator
    static StatusChanged fromJournal(
        @JsonProperty("plugin") String plugin, @JsonProperty("from") PluginStatus from, @JsonProperty("to") PluginStatus to,
        @JsonProperty("released") Boolean released, @JsonProperty("reason") String reason, @JsonProperty("at") Instant at,
        @JsonProperty("node") String node, @JsonProperty("command") String command) {
      boolean release = released != null ? released : LEGACY_RELEASED_REASON.equals(reason);
      return new StatusChanged(plugin, from, to, release, reason, at, node, command);
    }
  }

  /**
   * Calls to {@code target} (an event's name, or {@link Pause#ALL} for every event) are paused, on
   * every node: each is refused with the {@code paused} error, or, with {@code hold}, held until the
   * resume (bounded in number and time). {@code hold} is null in events written before it existed: refuse.
   */
  record Paused(String target, String reason, Instant at, String node, String command, Boolean hold) implements RegistryEvent {
    public Paused(String target, String reason, Instant at, String node, String command) {
      this(target, reason, at, node, command, null);
    }

    /** Whether calls are held rather than refused. */
    public boolean holds() {
      return Boolean.TRUE.equals(hold);
    }

    @Override
    public String plugin() {
      return null;
    }
  }

  /** Calls to {@code target} are admitted again. */
  record Resumed(String target, String reason, Instant at, String node, String command) implements RegistryEvent {
    @Override
    public String plugin() {
      return null;
    }
  }

  /**
   * A live configuration update: from now on the plugin's runtime override is {@code settings} (null:
   * none, back to the declared settings). {@code update} is what the operator sent, kept for the history.
   */
  record SettingsChanged(
      String plugin,
      @JsonSerialize(using = JournaledSettings.Writer.class) @JsonDeserialize(using = JournaledSettings.Reader.class)
      Map<String, Object> settings,
      @JsonSerialize(using = JournaledSettings.Writer.class) @JsonDeserialize(using = JournaledSettings.Reader.class)
      Map<String, Object> update,
      String reason, Instant at, String node, String command) implements RegistryEvent {}

  record PluginUnregistered(String plugin, String reason, Instant at, String node, String command) implements RegistryEvent {
    public PluginUnregistered(String plugin, String reason, Instant at, String node) {
      this(plugin, reason, at, node, null);
    }
  }
}
