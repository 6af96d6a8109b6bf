package io.arbor.runtime.health;

import io.arbor.plugin.Health;
import io.arbor.runtime.registry.PluginStatus;

/**
 * One plugin's health on this node.
 *
 * @param status its registry status, null when it is not registered
 * @param loaded its code is on this node
 * @param running its actor is in its event's chain on this node
 * @param probe what its health check answered (unhealthy when it threw, timed out or did not run)
 * @param healthy active, loaded, running and a healthy probe
 */
public record PluginHealth(
    String plugin, String event, PluginStatus status, boolean loaded, boolean running, Health probe, boolean healthy) {}
