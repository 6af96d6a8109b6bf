package io.arbor.runtime;

import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.chain.EventSupervisor;
import io.arbor.runtime.install.ArchiveCheck;
import io.arbor.runtime.install.ArtifactFetch;
import io.arbor.runtime.install.ArtifactStore;
import io.arbor.runtime.install.Installer;
import io.arbor.runtime.install.LoadedArtifacts;
import io.arbor.runtime.install.PluginScan;
import io.arbor.runtime.persistence.PersistenceConfig;
import io.arbor.runtime.registry.Artifact;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.LocalRegistry;
import io.arbor.runtime.registry.RegistryClient;
import io.arbor.runtime.registry.RegistryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed artifacts' side of one Arbor: the versions loaded on this node, the state classes
 * they are checked against (each declared event's), the loading at boot, and the {@link Installer}
 * with what it needs from Arbor's actors (the plugins' actors prepared event by event).
 */
final class InstalledCode {
  private static final Logger log = LoggerFactory.getLogger(InstalledCode.class);

  private final ArborSettings settings;
  private final ActorSystem<?> system;
  private final PluginCatalog catalog;
  private final Executor blocking;
  /** Each event declared on this node and its state class: what installed plugins are checked against. */
  private final Map<String, Class<?>> declaredTypes = new ConcurrentHashMap<>();
  private final ArtifactStore store;
  private final LoadedArtifacts artifacts;

  /**
   * @param application the parent of installed artifacts' class loaders
   * @param events the events the builder declares: installed plugins are checked against them from the first moment
   */
  InstalledCode(ArborSettings settings, ActorSystem<?> system, PluginCatalog catalog, ClassLoader application, List<EventType<?>> events) {
    this.settings = settings;
    this.system = system;
    this.catalog = catalog;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    events.forEach(this::declared);
    PersistenceConfig.Database database = PersistenceConfig.database(system.settings().config());
    this.store = ArtifactStore.from(settings.install(), database.url(), database.user(), database.password());
    this.artifacts = new LoadedArtifacts(store, settings.install().directory().resolve("loaded"), application,
        event -> Optional.ofNullable(declaredTypes.get(event)), new ArchiveCheck(settings.install().limits()));
    // Forgotten at once, so that a reinstall of the same bytes loads afresh; closed and removed off the actor's thread.
    catalog.onIdle(origin -> artifacts.retire(origin).ifPresent(idle -> blocking.execute(() -> LoadedArtifacts.closeAndRemove(idle))));
  }

  LoadedArtifacts artifacts() {
    return artifacts;
  }

  /** An event is declared on this node; a conflicting declaration is refused by the guardian, and changes nothing here. */
  void declared(EventType<?> event) {
    declaredTypes.putIfAbsent(event.name(), event.stateType());
  }

  /** The installer of this node, once Arbor's actors are up. */
  Installer installer(LocalRegistry local, RegistryClient client, ActorRef<ArborGuardian.Command> guardian) {
    return new Installer(settings.install(), ArtifactFetch.from(settings.install()), store, artifacts, catalog, local, client,
        (plugins, origin) -> prepare(guardian, plugins, origin), origin -> guardian.tell(new ArborGuardian.Unprepare(origin)),
        blocking, settings.askTimeout());
  }

  /** Starts plugins of an artifact being installed outside their chains, event by event; null when all started healthy. */
  private CompletionStage<String> prepare(ActorRef<ArborGuardian.Command> guardian, List<PluginDefinition<?>> plugins, String origin) {
    Map<String, List<PluginDefinition<?>>> byEvent = new TreeMap<>();
    plugins.forEach(plugin -> byEvent.computeIfAbsent(plugin.descriptor().event(), event -> new ArrayList<>()).add(plugin));
    List<CompletableFuture<EventSupervisor.Prepared>> prepared = new ArrayList<>();
    byEvent.forEach((event, ofEvent) -> prepared.add(AskPattern.<ArborGuardian.Command, EventSupervisor.Prepared>ask(guardian,
            replyTo -> new ArborGuardian.PrepareEvent(event, ofEvent, origin, replyTo), settings.askTimeout(), system.scheduler())
        .toCompletableFuture()
        .exceptionally(error -> new EventSupervisor.Prepared("event '" + event + "': its plugins did not start within "
            + settings.askTimeout().toMillis() + " ms"))));
    return CompletableFuture.allOf(prepared.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<String> failures = prepared.stream().map(CompletableFuture::join).map(EventSupervisor.Prepared::failure)
          .filter(Objects::nonNull).toList();
      return failures.isEmpty() ? null : String.join("; ", failures);
    });
  }

  /** Loads every installed artifact from the store before the chains are built (at boot); what cannot be loaded is reported. */
  void loadInstalled(RegistryState state) {
    for (Installation installation : state.installations().values()) {
      Artifact artifact = state.plugin(installation.plugins().get(0)).orElseThrow().artifact();
      try {
        LoadedArtifacts.Loaded loaded = artifacts.loadFromStore(artifact);
        catalog.install(artifact.sha256(), loaded.plugins().stream().<PluginDefinition<?>>map(PluginScan.Found::definition).toList());
      } catch (RuntimeException e) {
        log.warn("Installed artifact {} cannot be loaded on this node; its plugins {} are left out of their chains: {}",
            artifact.label(), installation.plugins(), e.getMessage());
        installation.plugins().forEach(plugin -> catalog.unloadable(plugin, artifact.sha256(), e.getMessage()));
      }
    }
  }
}
