package io.arbor.runtime.health;

import java.util.List;

/**
 * This node's health: every declared event's, and the registered plugins that run nowhere here
 * because their event is not declared on this node (a misspelt event name, or an event the
 * application no longer declares). {@code healthy} is every declared event's health: a node may
 * leave events to others, so {@code undeclared} is reported, and logged at start, but does not count.
 */
public record HealthReport(List<EventHealth> events, List<PluginHealth> undeclared, boolean healthy) {
  public HealthReport {
    events = List.copyOf(events);
    undeclared = List.copyOf(undeclared);
  }
}
