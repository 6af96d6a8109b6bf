package io.arbor.runtime.registry;

import java.time.Instant;

/**
 * One journaled lifecycle change, as applications see it on the lifecycle stream and in the activity
 * history.
 *
 * @param version the registry version this change produced (its position in the journal)
 * @param plugin the plugin, or null for a pause or resume of calls
 * @param from the status before, null for {@link Kind#REGISTERED}
 * @param to the status after, null for {@link Kind#UNREGISTERED}
 * @param reason why: an operator's operation, a dependency, the supervisor giving up, boot...
 * @param node the node the command came from
 */
public record LifecycleChange(
    long version, Kind kind, String plugin, String event, PluginStatus from, PluginStatus to, String reason,
    Instant at, String node) {

  public enum Kind {
    REGISTERED,
    /** A re-registration changed the fields declared in code. */
    REDECLARED,
    STARTED,
    RESTARTED,
    STOPPED,
    HELD,
    /** Released from hold: its dependencies are active again. */
    RELEASED,
    FAILED,
    UNREGISTERED,
    /** Calls to an event, or to every event, are paused ({@code plugin} is null, {@code event} the target, {@code *} for all). */
    PAUSED,
    RESUMED,
    /** A live configuration update changed the plugin's settings; {@code reason} says what it sent. */
    CONFIGURED
  }

  /**
   * The change a journaled event stands for.
   *
   * @param event the plugin's event name
   * @param status the plugin's status before the change (null if it did not exist)
   */
  public static LifecycleChange of(long version, RegistryEvent change, String event, PluginStatus status) {
    if (change instanceof RegistryEvent.Paused paused) {
      return new LifecycleChange(version, Kind.PAUSED, null, paused.target(), null, null, change.reason(), change.at(), change.node());
    }
    if (change instanceof RegistryEvent.Resumed resumed) {
      return new LifecycleChange(version, Kind.RESUMED, null, resumed.target(), null, null, change.reason(), change.at(), change.node());
    }
    if (change instanceof RegistryEvent.PluginRegistered registered) {
      return new LifecycleChange(version, Kind.REGISTERED, change.plugin(), event, null, registered.record().status(),
          change.reason(), change.at(), change.node());
    }
    if (change instanceof RegistryEvent.PluginRedeclared) {
      return new LifecycleChange(version, Kind.REDECLARED, change.plugin(), event, status, status, change.reason(),
          change.at(), change.node());
    }
    if (change instanceof RegistryEvent.SettingsChanged) {
      return new LifecycleChange(version, Kind.CONFIGURED, change.plugin(), event, status, status, change.reason(), change.at(),
          change.node());
    }
    if (change instanceof RegistryEvent.StatusChanged changed) {
      return new LifecycleChange(version, kindOf(changed), change.plugin(), event, changed.from(), changed.to(),
          change.reason(), change.at(), change.node());
    }
    return new LifecycleChange(version, Kind.UNREGISTERED, change.plugin(), event, status, null, change.reason(),
        change.at(), change.node());
  }

  private static Kind kindOf(RegistryEvent.StatusChanged changed) {
    return switch (changed.to()) {
      case REGISTERED -> Kind.REGISTERED;
      case STARTED -> Kind.STARTED;
      case RESTARTED -> changed.released() ? Kind.RELEASED : Kind.RESTARTED;
      case STOPPED -> Kind.STOPPED;
      case HELD -> Kind.HELD;
      case FAILED -> Kind.FAILED;
    };
  }
}
