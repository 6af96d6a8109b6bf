package io.arbor.runtime.health;

import java.util.List;

/**
 * One event's health on this node: its plugins (in chain order, then the ones not in the chain) and
 * the active plugins whose code is missing here. Healthy when every active plugin is healthy and none
 * is missing; an event without plugins is healthy.
 */
public record EventHealth(String event, List<PluginHealth> plugins, List<String> notLoaded, boolean healthy) {}
