package io.arbor.runtime.health;

import io.arbor.plugin.Health;
import io.arbor.plugin.Plugin;
import io.arbor.runtime.chain.ChainSnapshot;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Builds health reports. Each plugin's {@link Plugin#health()} runs on {@code executor} (a blocking
 * dispatcher), never on the plugin's actor, so a slow check cannot delay calls; it is bounded by
 * {@code timeout}. Checks of one event run concurrently.
 */
public final class HealthChecks {
  private final Executor executor;
  private final Duration timeout;

  public HealthChecks(Executor executor, Duration timeout) {
    this.executor = executor;
    this.timeout = timeout;
  }

  /** Runs one plugin's check: its answer, or unhealthy when it threw, returned null or took too long. */
  public CompletionStage<Health> probe(Plugin<?> plugin) {
    if (plugin == null) {
      return CompletableFuture.completedFuture(Health.unhealthy("no running instance: the plugin is starting or restarting"));
    }
    return CompletableFuture.supplyAsync(() -> {
          try {
            Health health = plugin.health();
            return health == null ? Health.unhealthy("health() returned null") : health;
          } catch (Exception e) {
            return Health.unhealthy("health() threw " + e);
          }
        }, executor)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(error -> error instanceof TimeoutException || error.getCause() instanceof TimeoutException
            ? Health.unhealthy("health() did not answer within " + timeout.toMillis() + " ms")
            : Health.unhealthy("health check failed: " + error));
  }

  /**
   * The health of {@code event}: its chain on this node (may be null if undeclared) and its registry
   * records; {@code codeMissing} says why a plugin's code is not on this node, or null when it is;
   * {@code stuck} why a plugin is stuck in its code on this node, or null.
   */
  public CompletionStage<EventHealth> event(String event, ChainSnapshot chain, RegistryState state,
      Function<PluginRecord, String> codeMissing, Function<String, String> stuck) {
    List<String> inChain = chain == null ? List.of() : chain.plugins();
    List<Plugin<?>> instances = chain == null ? List.of() : chain.instances();
    List<CompletableFuture<PluginHealth>> reports = new ArrayList<>();
    for (int i = 0; i < inChain.size(); i++) {
      String name = inChain.get(i);
      PluginRecord record = state.plugin(name).orElse(null);
      String stuckWhy = stuck.apply(name);
      CompletionStage<Health> probe = stuckWhy == null ? probe(instances.get(i)) : CompletableFuture.completedFuture(Health.unhealthy(stuckWhy));
      reports.add(probe.thenApply(health -> report(name, event, record, true, true, health)).toCompletableFuture());
    }
    for (PluginRecord record : state.pluginsOf(event)) {
      if (!inChain.contains(record.name())) {
        String missing = codeMissing.apply(record);
        String why = !record.status().isActive() ? "status " + record.status()
            : missing != null ? "not loadable on this node: " + missing : "active but not in this node's chain";
        reports.add(CompletableFuture.completedFuture(report(record.name(), event, record, missing == null, false, Health.unhealthy(why))));
      }
    }
    List<String> notLoaded = chain == null ? List.of() : chain.notLoaded();
    return CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<PluginHealth> plugins = reports.stream().map(CompletableFuture::join).toList();
      boolean healthy = notLoaded.isEmpty()
          && plugins.stream().filter(p -> p.status() != null && p.status().isActive()).allMatch(PluginHealth::healthy);
      return new EventHealth(event, plugins, notLoaded, healthy);
    });
  }

  /** A registered plugin whose event is not declared on this node: it runs nowhere here. */
  public PluginHealth undeclared(PluginRecord record, boolean loaded) {
    return report(record.name(), record.event(), record, loaded, false,
        Health.unhealthy("its event '" + record.event() + "' is not declared on this node, so it runs nowhere here"));
  }

  private static PluginHealth report(String name, String event, PluginRecord record, boolean loaded, boolean running, Health probe) {
    boolean active = record != null && record.status().isActive();
    boolean healthy = active && loaded && running && probe.status() == Health.Status.HEALTHY;
    return new PluginHealth(name, event, record == null ? null : record.status(), loaded, running, probe, healthy);
  }
}
