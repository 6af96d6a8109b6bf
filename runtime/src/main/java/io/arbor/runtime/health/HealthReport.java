package io.arbor.runtime.health;

import java.util.List;

/** Every declared event's health on this node. */
public record HealthReport(List<EventHealth> events, boolean healthy) {}
