package io.arbor.runtime.metrics;

/**
 * The meters {@link ArborMetrics} registers: Micrometer names (Prometheus turns dots into
 * underscores and adds {@code _total} to counters, {@code _seconds} to timers). Names and tags are
 * a format: added to, never renamed.
 */
public final class ArborMetricNames {
  private ArborMetricNames() {}

  /** Counter, tags {@code event}, {@code plugin}: hops at the plugin, answered or failed (a skip as unavailable included). */
  public static final String PLUGIN_CALLS = "arbor.plugin.calls";
  /** Counter, tags {@code event}, {@code plugin}, {@code kind} (threw, timed_out, unavailable, returned_null, invalid_state). */
  public static final String PLUGIN_FAILURES = "arbor.plugin.failures";
  /** Timer, tags {@code event}, {@code plugin}: time inside the plugin's call for answered hops, one hop in 16 timed. */
  public static final String PLUGIN_LATENCY = "arbor.plugin.latency";
  /** Counter, tag {@code event}: calls that ran the event's chain and ended. */
  public static final String EVENT_CALLS = "arbor.event.calls";
  /** Counter, tag {@code event}: calls a plugin halted. */
  public static final String EVENT_HALTS = "arbor.event.halts";
  /** Counter, tag {@code event}: calls that failed (a plugin's fail_call policy, or Arbor closing under them). */
  public static final String EVENT_FAILURES = "arbor.event.failures";
  /** Timer, tag {@code event}: a call's time from its start to its result, one call in 16 timed. */
  public static final String EVENT_LATENCY = "arbor.event.latency";
  /** Counter, tag {@code kind} (registered, started, stopped, held, configured, ...): lifecycle changes applied on this node. */
  public static final String LIFECYCLE_CHANGES = "arbor.lifecycle.changes";
  /** Counter, tags {@code operation} (install, uninstall), {@code outcome} (ok or the refusal's code): run through this node. */
  public static final String INSTALLS = "arbor.installs";
  /** Gauge: the registry version this node's chains reflect. */
  public static final String REGISTRY_VERSION = "arbor.registry.version";
  /** Gauge, tag {@code member}: the registry version each reachable member's chains reflect. */
  public static final String MEMBER_VERSION = "arbor.registry.member.version";
  /** Gauge, tag {@code member}: how many versions each member's chains are behind the newest view in the cluster. */
  public static final String MEMBER_LAG = "arbor.registry.member.lag";
}
