package io.arbor.runtime.health;

import io.arbor.runtime.registry.PluginStatus;
import java.time.Instant;
import java.util.Map;

/**
 * One node at a glance (Malla's service info).
 *
 * @param arborVersion the runtime's version, from its JAR's manifest ({@code unknown} when run from classes)
 * @param since when the status last changed, as this node saw it
 * @param reason why it changed
 * @param lastError the last error that changed the status (null when none did), and when
 * @param plugins how many registered plugins are in each status
 * @param appliedVersion the registry version this node's chains reflect
 */
public record NodeInfo(String node, String arborVersion, NodeStatus status, Instant since, String reason, String lastError,
    Instant lastErrorAt, Map<PluginStatus, Integer> plugins, long appliedVersion) {
  public NodeInfo {
    plugins = Map.copyOf(plugins);
  }
}
