package io.arbor.runtime;

import static io.arbor.runtime.Stages.await;

import com.typesafe.config.Config;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDiscovery;
import io.arbor.runtime.chain.ChainDirectory;
import io.arbor.runtime.health.NodeStatus;
import io.arbor.runtime.persistence.JournalDatabase;
import io.arbor.runtime.persistence.PersistenceConfig;
import io.arbor.runtime.registry.RegistryState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbor's start sequence: the ActorSystem, the database check, the schema, discovery, then the
 * registry's recovery, the declared events, the plugins' registrations, the BOOT operation and the
 * start barrier. Every wait is bounded by {@code arbor.startup-timeout}; a failure closes what was
 * started. Once started, the Arbor is its system's: {@link Arbor#of} finds it there.
 */
final class Boot {
  private static final Logger log = LoggerFactory.getLogger(Boot.class);

  /** What the builder gathered; {@code system} is null when Arbor creates its own. */
  record Plan(Config overrides, ActorSystem<?> system, String systemName, List<EventType<?>> events,
      List<PluginDefinition<?>> plugins, List<PluginDefinition<?>> provided, ClassLoader discoveryLoader) {}

  private Boot() {}

  /** Starts Arbor and waits until the registry is recovered and every declared event's chain is built. */
  static Arbor start(Plan plan) {
    Set<String> given = givenNames(plan.plugins()); // before anything starts
    boolean owns = plan.system() == null;
    ActorSystem<?> system = owns
        ? ActorSystem.create(Behaviors.empty(), plan.systemName(), Arbor.configuration(plan.overrides()))
        : plan.system();
    ArborExtension extension = ArborExtension.get(system);
    extension.reserve(); // before anything opens: a second Arbor on one system is refused here
    JournalDatabase database = null;
    try {
      Config effective = system.settings().config();
      PersistenceConfig.requireComplete(effective);
      ArborSettings settings = ArborSettings.from(effective);
      database = JournalDatabase.open(system); // fails fast on a locked or unreachable database
      if (settings.createSchema()) {
        await(SchemaUtils.createIfNotExists(system), settings.startupTimeout());
      }
      ClassLoader loader =
          plan.discoveryLoader() != null ? plan.discoveryLoader() : Thread.currentThread().getContextClassLoader();
      List<PluginDefinition<?>> all =
          withDiscovered(plan.plugins(), given, settings.discoverPlugins() ? PluginDiscovery.discover(loader) : List.of());
      Arbor arbor = new Arbor(system, owns, settings, database, loader, plan.events());
      plan.provided().forEach(arbor.catalog()::provide);
      try {
        boot(arbor, settings.startupTimeout(), plan.events(), all);
      } catch (RuntimeException e) {
        arbor.close();
        throw e;
      }
      extension.started(arbor);
      arbor.statusTracker().moveTo(NodeStatus.RUNNING, "started");
      // Before the cluster is left and the actors stop: a node going away loses no admitted call.
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "arbor-drain",
          () -> arbor.drainForShutdown());
      return arbor;
    } catch (RuntimeException e) {
      extension.startFailed();
      if (database != null) {
        database.close();
      }
      if (owns) {
        system.terminate();
      }
      throw e;
    }
  }

  private static void boot(Arbor arbor, Duration timeout, List<EventType<?>> events, List<PluginDefinition<?>> plugins) {
    RegistryState recovered = await(arbor.registryClient().state(), timeout); // the registry has recovered from the journal
    arbor.installedCode().loadInstalled(recovered); // before the first chains, which then run them
    for (EventType<?> event : events) {
      await(arbor.declare(event), timeout);
    }
    for (PluginDefinition<?> plugin : plugins) {
      await(arbor.registration().atStart(plugin), timeout);
    }
    await(arbor.registryClient().boot(), timeout);
    for (EventType<?> event : events) {
      await(arbor.refresh(event.name()), timeout);
    }
    awaitPluginsStarted(arbor.directory(), events, timeout);
    List<String> missing = await(arbor.nodeHealth().missingCode(), timeout);
    if (!missing.isEmpty()) {
      log.warn("These registered plugins have no code on this node and are left out of their chains: {}", missing);
    }
    List<String> undeclared = await(arbor.nodeHealth().undeclared(), timeout).stream()
        .map(plugin -> plugin.plugin() + " (event " + plugin.event() + ")").toList();
    if (!undeclared.isEmpty()) {
      log.warn("These registered plugins run nowhere on this node, their event is not declared here: {}", undeclared);
    }
  }

  /** So that start() returns with every plugin's start hook run: health and the first calls see them up. */
  private static void awaitPluginsStarted(ChainDirectory directory, List<EventType<?>> events, Duration timeout) {
    CompletableFuture<?>[] started = events.stream().map(event -> directory.pluginsStarted(event.name()))
        .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(started).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("Some plugins had not run their start() within {} ms; Arbor starts without waiting for them", timeout.toMillis());
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for the plugins to start failed", e.getCause()); // they only complete normally
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The names of the plugins given to the builder; refuses a name given twice, since one of them would be lost. */
  private static Set<String> givenNames(List<PluginDefinition<?>> plugins) {
    Set<String> given = new HashSet<>();
    for (PluginDefinition<?> plugin : plugins) {
      if (!given.add(plugin.name())) {
        throw new InvalidArgumentException("plugins", "must not name plugin '" + plugin.name() + "' twice");
      }
    }
    return given;
  }

  /**
   * The plugins given to the builder, then the discovered ones whose name none of them has: a plugin
   * given explicitly wins over one found implicitly on the class path.
   */
  private static List<PluginDefinition<?>> withDiscovered(
      List<PluginDefinition<?>> plugins, Set<String> given, List<PluginDefinition<?>> discovered) {
    List<PluginDefinition<?>> all = new ArrayList<>(plugins);
    for (PluginDefinition<?> plugin : discovered) {
      if (given.contains(plugin.name())) {
        log.info("Plugin '{}' is both given to the builder and discovered on the class path; the one given to the builder"
            + " is registered", plugin.name());
      } else {
        all.add(plugin);
      }
    }
    return all;
  }
}
