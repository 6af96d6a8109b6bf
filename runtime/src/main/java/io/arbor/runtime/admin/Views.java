package io.arbor.runtime.admin;

import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the admin API answers with: plain records, its JSON format (fields may be added, never renamed). */
final class Views {
  private Views() {}

  /** Every error body: a stable code, a message for people, and the field or subject it concerns (or null). */
  record Error(String code, String message, String field) {}

  /**
   * One plugin.
   *
   * @param origin {@code application} for a plugin registered from code, else {@code installed}
   * @param artifact the installed artifact's name and version ({@code stamp-2.0.0}), or null
   */
  record Plugin(String name, String event, int priority, String status, List<String> dependsOn, List<String> dependents,
      Map<String, Object> settings, Map<String, Object> settingsOverride, String origin, String artifact, long timeoutMillis,
      String onFailure, Instant registeredAt, Instant updatedAt) {

    static Plugin of(PluginRecord record, RegistryState state) {
      return new Plugin(record.name(), record.event(), record.descriptor().priority(), record.status().name(),
          record.descriptor().dependsOn(), List.copyOf(state.dependentsOf(record.name())), record.settings(), record.settingsOverride(),
          record.installed() ? "installed" : "application", record.installed() ? record.artifact().label() : null,
          record.descriptor().timeout().toMillis(), record.descriptor().onFailure().name(), record.registeredAt(), record.updatedAt());
    }
  }

  /**
   * One event: its chain in the order calls run it on this node, and every registered plugin of it
   * (in the chain or not: stopped, held, failed).
   */
  record Event(String name, boolean paused, List<String> chain, List<String> notLoaded, List<Plugin> plugins) {}

  /** A page of the activity history, newest first. */
  record History(int total, int offset, int limit, List<LifecycleChange> changes) {}

  /** What an operation changed: the plugins' records as they are now. */
  record Changed(List<Plugin> plugins) {}
}
