package io.arbor.runtime.install;

import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.install.InstallException.Reason;
import io.arbor.runtime.registry.Artifact;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.LocalRegistry;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryClient;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.WriteFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, upgrades and uninstalls artifacts on behalf of this node's caller, one operation at a
 * time, on a blocking thread. An install runs its steps in order, and the first failure undoes what
 * the earlier ones did, so a refused install leaves no file, no loader, no actor and no journal event:
 *
 * <ol>
 *   <li>fetch: the source admitted, the artifact copied, resolved or downloaded, its SHA-256 compared
 *       with the pinned one, every JAR checked ({@link ArtifactFetch});
 *   <li>load: a class loader of its own, its plugins found and their state types checked ({@link
 *       LoadedArtifacts}, {@link PluginScan});
 *   <li>plan: name, version order, protected names, plugin ownership ({@link InstallPlan});
 *   <li>store: the bytes where every node gets them ({@link ArtifactStore});
 *   <li>prepare: the plugins' actors started outside their chains and health-checked;
 *   <li>journal: one registry write registers, re-declares and unregisters the plugins; the chains
 *       switch to the prepared actors, and every other node loads the artifact from the store.
 * </ol>
 *
 * <p>A journal write whose outcome is unknown keeps the artifact stored and loaded: it may have landed.
 */
public final class Installer {
  private static final Logger log = LoggerFactory.getLogger(Installer.class);

  private final InstallSettings settings;
  private final ArtifactFetch fetch;
  private final ArtifactStore store;
  private final LoadedArtifacts artifacts;
  private final PluginCatalog catalog;
  private final LocalRegistry local;
  private final RegistryClient registry;
  private final BiFunction<List<PluginDefinition<?>>, String, CompletionStage<String>> prepare;
  private final Consumer<String> unprepare;
  private final Executor blocking;
  private final Duration timeout;

  /**
   * @param prepare starts the given plugins' actors outside their chains (the artifact's SHA-256 is
   *     the second argument); completes with null when all started healthy, else what failed
   * @param unprepare stops the prepared actors of an artifact whose install did not land
   * @param timeout how long each wait (the registry, the view, the prepared actors) may take
   */
  public Installer(InstallSettings settings, ArtifactFetch fetch, ArtifactStore store, LoadedArtifacts artifacts,
      PluginCatalog catalog, LocalRegistry local, RegistryClient registry,
      BiFunction<List<PluginDefinition<?>>, String, CompletionStage<String>> prepare, Consumer<String> unprepare,
      Executor blocking, Duration timeout) {
    this.settings = settings;
    this.fetch = fetch;
    this.store = store;
    this.artifacts = artifacts;
    this.catalog = catalog;
    this.local = local;
    this.registry = registry;
    this.prepare = prepare;
    this.unprepare = unprepare;
    this.blocking = blocking;
    this.timeout = timeout;
  }

  /** Installs a new artifact, or upgrades an installed one to a strictly newer version. */
  public CompletionStage<Installation> install(InstallRequest request) {
    return install(request, null);
  }

  /** {@link #install(InstallRequest)} for an operator's request from {@code origin}, journaled with it; null: the application. */
  public CompletionStage<Installation> install(InstallRequest request, String origin) {
    return CompletableFuture.supplyAsync(() -> {
      synchronized (this) {
        return installNow(request, origin);
      }
    }, blocking);
  }

  /** Unregisters every plugin of an installed artifact (with their cascade), and removes its bytes from the store. */
  public CompletionStage<Installation> uninstall(String name) {
    return uninstall(name, null);
  }

  /** {@link #uninstall(String)} for an operator's request from {@code origin}, journaled with it; null: the application. */
  public CompletionStage<Installation> uninstall(String name, String origin) {
    return CompletableFuture.supplyAsync(() -> {
      synchronized (this) {
        return uninstallNow(name, origin);
      }
    }, blocking);
  }

  private Installation installNow(InstallRequest request, String origin) {
    ArtifactFetch.Fetched fetched = fetch.fetch(request.source(), request.sha256(), settings.directory().resolve("staging"));
    LoadedArtifacts.Loaded loaded = null;
    Map<String, Optional<PluginCatalog.Code>> replaced = null;
    boolean stored = false;
    boolean prepared = false;
    boolean mayHaveLanded = false;
    try {
      Artifact artifact = artifactOf(request, fetched);
      RegistryState state = await(local.state());
      Optional<Installation> same = state.installations().values().stream()
          .filter(installation -> installation.sha256().equals(artifact.sha256())).findFirst();
      if (same.isPresent()) {
        throw new InstallException(Reason.VERSION_NOT_NEWER, "version", "These very bytes (" + artifact.sha256()
            + ") are installed already, as " + same.get().name() + " " + same.get().version() + ".");
      }
      loaded = artifacts.loadStaged(artifact, fetched);
      List<PluginDefinition<?>> plugins = loaded.plugins().stream().<PluginDefinition<?>>map(PluginScan.Found::definition).toList();
      Installation offered = installation(artifact, plugins);
      InstallPlan.Step step = InstallPlan.install(state, settings.policy(), offered);
      String expected = step instanceof InstallPlan.Upgrade upgrade ? upgrade.from().version() : null;

      replaced = catalog.install(artifact.sha256(), plugins);
      prepared = true;
      String failure = await(prepare.apply(plugins, artifact.sha256()));
      if (failure != null) {
        throw new InstallException(Reason.PLUGIN_NOT_STARTED, "plugins", artifact.label() + " did not start: " + failure);
      }
      stored = true; // from the first put on: a refusal from here on looks at what the store still needs
      for (Path jar : loaded.jars()) {
        store.put(jar, artifact.name(), artifact.version());
      }
      try {
        await(registry.install(artifact, plugins.stream().map(PluginDefinition::descriptor).toList(), expected, origin));
      } catch (LifecycleException | WriteFailedException refused) {
        throw refused; // surely not journaled
      } catch (RuntimeException unknown) {
        mayHaveLanded = true;
        throw unknown;
      }
      log.info("{} ({}): plugins {} on events {}", step instanceof InstallPlan.Upgrade upgrade
          ? "Upgraded " + artifact.name() + " from " + upgrade.from().version() + " to " + artifact.version()
          : "Installed " + artifact.label(), artifact.sha256(), offered.plugins(), offered.events());
      unprepare.accept(artifact.sha256()); // the prepared actors the chains did not take (a plugin held or stopped)
      catalog.release(PluginCatalog.replacedOrigins(replaced, artifact.sha256()));
      if (step instanceof InstallPlan.Upgrade) {
        removeUnreferenced(await(local.state()), referencedBy(state, ((InstallPlan.Upgrade) step).from()));
      }
      return offered;
    } catch (RuntimeException | Error failure) {
      if (!mayHaveLanded) {
        undo(loaded, replaced, stored, prepared);
      }
      throw failure;
    } finally {
      ArtifactFetch.deleteRecursively(fetched.staging());
    }
  }

  /** Puts the node back as it was before a refused install. */
  private void undo(LoadedArtifacts.Loaded loaded, Map<String, Optional<PluginCatalog.Code>> replaced, boolean stored, boolean prepared) {
    if (loaded == null) {
      return;
    }
    String sha256 = loaded.artifact().sha256();
    if (prepared) {
      unprepare.accept(sha256);
    }
    if (replaced != null) {
      // Only where this install's code is still there: another node's install may have landed meanwhile.
      replaced.forEach((plugin, previous) -> catalog.restore(plugin, sha256, previous));
    }
    if (!catalog.inUse(sha256)) {
      artifacts.close(sha256);
    }
    if (stored) {
      Set<String> mine = new HashSet<>(loaded.artifact().dependencies());
      mine.add(sha256);
      try {
        // The writer's state, not this node's view: an install of the same bytes that won is journaled there.
        removeUnreferenced(await(registry.state()), mine);
      } catch (RuntimeException e) {
        log.warn("Could not check whether {} is needed by another install; it stays in the store", loaded.artifact().label(), e);
      }
    }
  }

  private Installation uninstallNow(String name, String origin) {
    RegistryState state = await(local.state());
    InstallPlan.Uninstall step = (InstallPlan.Uninstall) InstallPlan.uninstall(state, settings.policy(), name);
    Installation current = step.installation();
    Set<String> bytes = referencedBy(state, current);
    await(registry.uninstall(current.name(), current.version(), origin));
    log.info("Uninstalled {}-{}: plugins {} unregistered", current.name(), current.version(), current.plugins());
    removeUnreferenced(await(local.state()), bytes);
    return current;
  }

  /** The SHA-256 of an installation's artifact and of its dependencies, from its plugins' records. */
  private static Set<String> referencedBy(RegistryState state, Installation installation) {
    Set<String> bytes = new HashSet<>();
    for (String plugin : installation.plugins()) {
      state.plugin(plugin).map(PluginRecord::artifact).ifPresent(artifact -> {
        bytes.add(artifact.sha256());
        bytes.addAll(artifact.dependencies());
      });
    }
    return bytes;
  }

  /** Deletes from the store the JARs of {@code candidates} that no plugin in {@code state} needs any more. */
  private void removeUnreferenced(RegistryState state, Set<String> candidates) {
    Set<String> needed = new HashSet<>();
    for (Installation installation : state.installations().values()) {
      needed.addAll(referencedBy(state, installation));
    }
    for (String sha256 : candidates) {
      if (!needed.contains(sha256)) {
        try {
          store.delete(sha256);
        } catch (RuntimeException e) {
          log.warn("Could not remove artifact {} from the store; it stays there unused", sha256, e);
        }
      }
    }
  }

  /** The journaled artifact: name and version from the request, else the Maven coordinates, else the JAR's manifest. */
  private Artifact artifactOf(InstallRequest request, ArtifactFetch.Fetched fetched) {
    String name = request.name();
    String version = request.version();
    if (request.source() instanceof ArtifactSource.Maven maven) {
      String[] parts = maven.coordinates().split(":");
      name = name != null ? name : parts.length >= 3 ? parts[1] : null;
      version = version != null ? version : parts[parts.length - 1];
    }
    if (name == null || version == null) {
      Attributes manifest = manifest(fetched.artifact());
      name = name != null ? name : manifest.getValue(Attributes.Name.IMPLEMENTATION_TITLE);
      version = version != null ? version : manifest.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
    }
    if (name == null) {
      throw new InstallException(Reason.INVALID_NAME, "name", "The install has no name: give one with InstallRequest.named(...),"
          + " or put Implementation-Title in the JAR's manifest.");
    }
    if (version == null) {
      throw new InstallException(Reason.INVALID_VERSION, "version", "The install has no version: give one with"
          + " InstallRequest.version(...), or put Implementation-Version in the JAR's manifest.");
    }
    settings.policy().admitName(name);
    VersionOrder.parse(version);
    List<String> dependencies = new ArrayList<>();
    for (Path dependency : fetched.dependencies()) {
      dependencies.add(ArtifactStore.sha256(dependency));
    }
    return new Artifact(name, version, fetched.sha256(), dependencies);
  }

  private static Attributes manifest(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      return manifest == null ? new Attributes() : manifest.getMainAttributes();
    } catch (IOException e) {
      throw new InstallException(Reason.CORRUPT_ARCHIVE, "source", "Cannot read the JAR's manifest: " + e, e);
    }
  }

  private static Installation installation(Artifact artifact, List<PluginDefinition<?>> plugins) {
    Set<String> names = new TreeSet<>();
    Set<String> events = new TreeSet<>();
    for (PluginDefinition<?> plugin : plugins) {
      PluginDescriptor descriptor = plugin.descriptor();
      names.add(descriptor.name());
      events.add(descriptor.event());
    }
    return new Installation(artifact.name(), artifact.version(), artifact.sha256(), List.copyOf(names), List.copyOf(events));
  }

  private <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException && e.getCause().getCause() != null
          ? e.getCause().getCause() : e.getCause();
      if (cause instanceof ArborException arbor) {
        throw arbor;
      }
      throw new IllegalStateException("an Arbor step failed with something other than an ArborException", cause);
    } catch (TimeoutException e) {
      throw new InstallException(Reason.TIMED_OUT, "registry", "No answer within " + timeout.toMillis() * 2 + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InstallException(Reason.TIMED_OUT, "registry", "Interrupted while waiting", e);
    }
  }
}
