package io.arbor.runtime.install;

import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.registry.Artifact;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryEvent;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.RegistryView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Loads, on this node, the artifacts the registry says are installed: it follows this node's {@link
 * RegistryView}, and for every installed plugin whose artifact version this node does not run yet
 * (installed or upgraded through another node, or before a view repair) it copies the artifact from
 * the store, verifies its SHA-256, loads and scans it on a blocking thread, and hands its code to the
 * catalog; the plugins' chains are then rebuilt. A version that cannot be loaded here leaves its
 * plugins out of their chains, with the reason in the catalog for health to report.
 */
public final class ArtifactFollower extends AbstractBehavior<ArtifactFollower.Command> {

  public sealed interface Command {}

  private record Changed(RegistryView.Update update) implements Command {}

  private record Loaded(Artifact artifact, int attempt, LoadedArtifacts.Loaded loaded, Throwable error) implements Command {}

  /** Try loading again after a failure that may pass (the store or the database away for a moment). */
  private record Retry(Artifact artifact, int attempt) implements Command {}

  /** How many times a load that failed for a reason that may pass is tried, the first included. */
  static final int ATTEMPTS = 5;

  private final LoadedArtifacts artifacts;
  private final PluginCatalog catalog;
  private final Executor blocking;
  /** Rebuilds the chains of the given events, because code arrived for their plugins. */
  private final Consumer<Set<String>> refresh;
  private final ActorRef<RegistryView.Update> updates;
  /** Versions being loaded now, by SHA-256. */
  private final Set<String> loading = new HashSet<>();
  private RegistryState state = RegistryState.EMPTY;

  public static Behavior<Command> create(ActorRef<RegistryView.Command> view, LoadedArtifacts artifacts, PluginCatalog catalog,
      Executor blocking, Consumer<Set<String>> refresh) {
    return Behaviors.setup(context -> new ArtifactFollower(context, view, artifacts, catalog, blocking, refresh));
  }

  private ArtifactFollower(ActorContext<Command> context, ActorRef<RegistryView.Command> view, LoadedArtifacts artifacts,
      PluginCatalog catalog, Executor blocking, Consumer<Set<String>> refresh) {
    super(context);
    this.artifacts = artifacts;
    this.catalog = catalog;
    this.blocking = blocking;
    this.refresh = refresh;
    this.updates = context.messageAdapter(RegistryView.Update.class, Changed::new);
    view.tell(new RegistryView.Subscribe(null, updates));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Changed.class, this::onChanged)
        .onMessage(Loaded.class, this::onLoaded)
        .onMessage(Retry.class, retry -> {
          load(retry.artifact().sha256(), retry.artifact(), retry.attempt());
          return this;
        })
        .build();
  }

  private Behavior<Command> onChanged(Changed changed) {
    RegistryView.Update update = changed.update();
    state = update.state();
    // Loading takes its time and must not hold back acknowledgements: this node's chains run the
    // old version (or leave a new plugin out) until the code is here.
    update.ackTo().tell(new RegistryView.Applied(state.version(), updates));
    missing(update.events()).forEach((sha256, artifact) -> load(sha256, artifact, 1));
    return this;
  }

  /**
   * The artifact versions the change brings that this node does not run: from the installed records
   * its events touch, or from the whole registry when the view was replaced whole (no events).
   */
  private Map<String, Artifact> missing(List<RegistryEvent> events) {
    List<PluginRecord> records = new ArrayList<>();
    if (events.isEmpty()) {
      records.addAll(state.plugins().values().stream().filter(PluginRecord::installed).toList());
    } else {
      for (RegistryEvent event : events) {
        if (event instanceof RegistryEvent.PluginRegistered || event instanceof RegistryEvent.PluginRedeclared) {
          state.plugin(event.plugin()).filter(PluginRecord::installed).ifPresent(records::add);
        }
      }
    }
    Map<String, Artifact> missing = new HashMap<>();
    for (PluginRecord record : records) {
      Artifact artifact = record.artifact();
      // Loaded here already: whoever loaded it gives its code to the catalog (an install this node runs, or the boot).
      boolean here = catalog.code(record.name()).map(code -> Objects.equals(code.origin(), artifact.sha256())).orElse(false)
          || artifacts.get(artifact.sha256()).isPresent();
      if (!here && catalog.unloadableReason(record.name(), artifact.sha256()).isEmpty()) {
        missing.put(artifact.sha256(), artifact);
      }
    }
    return missing;
  }

  private void load(String sha256, Artifact artifact, int attempt) {
    if (attempt == 1 && !loading.add(sha256)) {
      return;
    }
    getContext().getLog().info("Loading {} ({}) from the artifact store: it was installed through another node", artifact.label(), sha256);
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> artifacts.loadFromStore(artifact), blocking),
        (loaded, error) -> new Loaded(artifact, attempt, loaded, error));
  }

  /** A failure that may pass: the store could not be read, or did not have the bytes yet. */
  private static boolean mayPass(Throwable cause) {
    return cause instanceof InstallException refused && (refused.reason() == InstallException.Reason.STORE_UNAVAILABLE
        || refused.reason() == InstallException.Reason.ARTIFACT_NOT_FOUND);
  }

  private Behavior<Command> onLoaded(Loaded result) {
    Artifact artifact = result.artifact();
    Throwable failure = result.error() == null ? null : result.error().getCause() != null ? result.error().getCause() : result.error();
    if (failure != null && mayPass(failure) && result.attempt() < ATTEMPTS) {
      Duration wait = Duration.ofMillis(500L << (result.attempt() - 1));
      getContext().getLog().warn("Loading {} failed ({}); trying again in {} ms", artifact.label(), failure.getMessage(), wait.toMillis());
      getContext().scheduleOnce(wait, getContext().getSelf(), new Retry(artifact, result.attempt() + 1));
      return this;
    }
    loading.remove(artifact.sha256());
    List<PluginRecord> plugins = state.plugins().values().stream()
        .filter(record -> record.installed() && record.artifact().sha256().equals(artifact.sha256())).toList();
    Set<String> events = new TreeSet<>();
    plugins.forEach(record -> events.add(record.event()));
    if (failure != null) {
      String reason = "artifact " + artifact.label() + " cannot be loaded on this node: " + failure.getMessage();
      getContext().getLog().warn("Plugins {} are left out of their chains on this node: {}",
          plugins.stream().map(PluginRecord::name).toList(), reason);
      plugins.forEach(record -> catalog.unloadable(record.name(), artifact.sha256(), reason));
    } else if (plugins.isEmpty()) {
      artifacts.close(artifact.sha256()); // uninstalled or upgraded again meanwhile
      return this;
    } else {
      List<PluginDefinition<?>> code = result.loaded().plugins().stream().<PluginDefinition<?>>map(PluginScan.Found::definition)
          .filter(definition -> plugins.stream().anyMatch(record -> record.name().equals(definition.name()))).toList();
      // Journaled already: the old versions go once their actors have stopped.
      catalog.release(PluginCatalog.replacedOrigins(catalog.install(artifact.sha256(), code), artifact.sha256()));
    }
    refresh.accept(events);
    return this;
  }
}
