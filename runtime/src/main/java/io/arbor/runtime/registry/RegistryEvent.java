package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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

  /**
   * A plugin's status changed.
   *
   * @param released true exactly when this is a release from hold by the rules (held to restarted,
   *     its dependencies active again), as opposed to an operator's restart or enable
   */
  record StatusChanged(
      String plugin, PluginStatus from, PluginStatus to, boolean released, String reason, Instant at, String node)
      implements RegistryEvent {

    /** The text every release from hold was journaled with before {@code released} existed. */
    static final String LEGACY_RELEASED_REASON = "released: dependencies active again";

    /**
     * Reads a journaled event. Events written before {@code released} existed lack it; for those, and
     * only those, it is the legacy reading: a release was the one change with the reason
     * {@link #LEGACY_RELEASED_REASON}. Events written since carry the field and are read as written.
     */
    @JsonCreator
    static StatusChanged fromJournal(
        @JsonProperty("plugin") String plugin, @JsonProperty("from") PluginStatus from, @JsonProperty("to") PluginStatus to,
        @JsonProperty("released") Boolean released, @JsonProperty("reason") String reason, @JsonProperty("at") Instant at,
        @JsonProperty("node") String node) {
      boolean release = released != null ? released : LEGACY_RELEASED_REASON.equals(reason);
      return new StatusChanged(plugin, from, to, release, reason, at, node);
    }
  }

  record PluginUnregistered(String plugin, String reason, Instant at, String node) implements RegistryEvent {}
}
