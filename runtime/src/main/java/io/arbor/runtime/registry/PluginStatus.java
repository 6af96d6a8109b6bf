package io.arbor.runtime.registry;

/** A plugin's lifecycle status. Only {@link #isActive() active} plugins are in a chain. */
public enum PluginStatus {
  /** Stored, never started. */
  REGISTERED,
  STARTED,
  /** Active again after a restart, an enable or a release from hold. */
  RESTARTED,
  /** Switched off by an operator; only {@code enable} brings it back. */
  STOPPED,
  /** Waiting for a dependency to become active; released automatically. */
  HELD,
  /** Its supervisor gave up after too many failures; only an operator brings it back. */
  FAILED;

  public boolean isActive() {
    return this == STARTED || this == RESTARTED;
  }
}
