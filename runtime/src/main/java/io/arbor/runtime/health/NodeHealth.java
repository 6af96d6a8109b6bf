package io.arbor.runtime.health;

import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.chain.ChainDirectory;
import io.arbor.runtime.chain.UnknownEventException;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.LocalRegistry;
import io.arbor.runtime.registry.Pause;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.RegistryState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * This node's health as the facade reports it: the registry's statuses (as this node's view holds
 * them, so a report never waits on the registry's writer), this node's chains and the plugin code it
 * has, with each plugin's check run by {@link HealthChecks}. Stages complete on Arbor's threads; the facade hands them to callers.
 */
public final class NodeHealth {
  private final LocalRegistry registry;
  private final ChainDirectory directory;
  private final PluginCatalog catalog;
  private final HealthChecks checks;
  /** Where the reports are put together once the registry has answered. */
  private final Executor executor;

  public NodeHealth(LocalRegistry registry, ChainDirectory directory, PluginCatalog catalog, HealthChecks checks,
      Executor executor) {
    this.registry = registry;
    this.directory = directory;
    this.catalog = catalog;
    this.checks = checks;
    this.executor = executor;
  }

  /**
   * This node at a glance: its status (paused when the whole runtime is, failed when Arbor's actors
   * stopped on their own), the plugins per status, the registry version its chains reflect.
   */
  public CompletionStage<NodeInfo> info(StatusTracker status, String node, long appliedVersion) {
    if (directory.isClosed()) {
      status.moveTo(NodeStatus.FAILED, directory.closedError("serving").getMessage()); // a close moved it to stopping already
    }
    CompletionStage<RegistryState> state = directory.isClosed()
        ? CompletableFuture.completedFuture(RegistryState.EMPTY) : registry.state();
    return state.thenApply(registryState -> {
      StatusTracker.Change current = status.current();
      boolean pausedAll = current.status() == NodeStatus.RUNNING && registryState.paused().contains(Pause.ALL);
      Map<PluginStatus, Integer> plugins = new EnumMap<>(PluginStatus.class);
      registryState.plugins().values().forEach(record -> plugins.merge(record.status(), 1, Integer::sum));
      StatusTracker.Change error = status.lastError();
      String version = NodeHealth.class.getPackage().getImplementationVersion();
      return new NodeInfo(node, version == null ? "unknown" : version, pausedAll ? NodeStatus.PAUSED : current.status(),
          current.since(), pausedAll ? "the whole runtime is paused" : current.reason(), error == null ? null : error.reason(),
          error == null ? null : error.since(), plugins, appliedVersion);
    });
  }

  /** Every declared event's health, with each plugin's check, and the registered plugins whose event is not declared here. */
  public CompletionStage<HealthReport> report() {
    return registry.state().thenComposeAsync(state -> {
      List<CompletableFuture<EventHealth>> events = directory.chains().stream()
          .map(chain -> chain.event())
          .sorted()
          .map(event -> event(event, state).toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(events.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<EventHealth> reports = events.stream().map(CompletableFuture::join).toList();
        return new HealthReport(reports, undeclared(state), reports.stream().allMatch(EventHealth::healthy));
      });
    }, executor);
  }

  /** One declared event's health; fails with unknown_event, like a call, for any other name. */
  public CompletionStage<EventHealth> event(String event) {
    if (directory.chain(event) == null) {
      return CompletableFuture.failedFuture(new UnknownEventException(event));
    }
    return registry.state().thenComposeAsync(state -> event(event, state), executor);
  }

  /** One plugin's health; fails with plugin_not_found for a plugin the registry does not have. */
  public CompletionStage<PluginHealth> plugin(String plugin) {
    return registry.state().thenComposeAsync(state -> {
      Optional<PluginRecord> record = state.plugin(plugin);
      if (record.isEmpty()) {
        return CompletableFuture.failedFuture(LifecycleException.pluginNotFound(plugin));
      }
      if (directory.chain(record.get().event()) == null) {
        return CompletableFuture.completedFuture(checks.undeclared(record.get(), notLoaded(record.get()) == null));
      }
      return event(record.get().event(), state).thenApply(event -> event.plugins().stream()
          .filter(report -> report.plugin().equals(plugin)).findFirst().orElseThrow());
    }, executor);
  }

  /**
   * Registered plugins whose code is not on this node (they are left out of their chains): for an
   * installed plugin, the code of the artifact version its record names.
   */
  public CompletionStage<List<String>> missingCode() {
    return registry.state()
        .thenApply(state -> state.plugins().values().stream().filter(record -> notLoaded(record) != null).map(PluginRecord::name)
            .toList());
  }

  /** Why this node does not have the plugin's code (the version its record names), or null when it has it. */
  private String notLoaded(PluginRecord record) {
    String origin = record.installed() ? record.artifact().sha256() : null;
    if (origin != null) {
      Optional<String> unloadable = catalog.unloadableReason(record.name(), origin);
      if (unloadable.isPresent()) {
        return unloadable.get();
      }
    }
    if (catalog.code(record.name()).map(code -> Objects.equals(code.origin(), origin)).orElse(false)) {
      return null;
    }
    return origin == null ? "its code is not on this node" : record.artifact().label() + " is not loaded on this node yet";
  }

  /** Registered plugins whose event is not declared on this node: they run nowhere here. */
  public CompletionStage<List<PluginHealth>> undeclared() {
    return registry.state().thenApply(this::undeclared);
  }

  private CompletionStage<EventHealth> event(String event, RegistryState state) {
    return checks.event(event, directory.chain(event), state, this::notLoaded, directory::stuck);
  }

  private List<PluginHealth> undeclared(RegistryState state) {
    return state.plugins().values().stream()
        .filter(record -> directory.chain(record.event()) == null)
        .map(record -> checks.undeclared(record, notLoaded(record) == null))
        .toList();
  }
}
