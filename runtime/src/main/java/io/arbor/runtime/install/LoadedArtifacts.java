package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import io.arbor.runtime.registry.Artifact;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed artifact versions this node has loaded, by SHA-256: each in a directory of its own
 * under {@code root} (the artifact, the libraries nested in it ({@link NestedJars}) and its
 * dependencies), with its own {@link PluginClassLoader} and
 * the plugins {@link PluginScan} found in it. {@link #close} closes the loader and removes the
 * directory; once nothing else references the loader, it is garbage-collected.
 */
public final class LoadedArtifacts {
  private static final Logger log = LoggerFactory.getLogger(LoadedArtifacts.class);

  /** One loaded artifact version; {@code jars} are the artifact and then its dependencies, in its directory. */
  public record Loaded(Artifact artifact, PluginClassLoader loader, Path directory, List<Path> jars, List<PluginScan.Found> plugins) {
    public Loaded {
      jars = List.copyOf(jars);
      plugins = List.copyOf(plugins);
    }
  }

  private final ArtifactStore store;
  private final Path root;
  private final ClassLoader application;
  private final Function<String, Optional<Class<?>>> declaredStateType;
  /** For the libraries nested in an artifact, extracted before they are loaded. */
  private final ArchiveCheck archives;
  private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
  /** Each load gets a directory of its own: a version closed in the background never shares one with its reload. */
  private final AtomicLong loads = new AtomicLong();

  /**
   * @param root where each loaded version gets its directory
   * @param application the parent of every artifact's loader: where the plugin API, the platform and
   *     the events' state classes come from
   * @param declaredStateType the state class an event is declared with on this node, if it is
   */
  public LoadedArtifacts(ArtifactStore store, Path root, ClassLoader application, Function<String, Optional<Class<?>>> declaredStateType,
      ArchiveCheck archives) {
    this.store = store;
    this.archives = archives;
    this.root = root;
    this.application = application;
    this.declaredStateType = declaredStateType;
  }

  public Optional<Loaded> get(String sha256) {
    return Optional.ofNullable(loaded.get(sha256));
  }

  public Collection<Loaded> all() {
    return loaded.values();
  }

  /**
   * Loads checked files from a staging directory (the node that was asked to install): they move into
   * the version's directory. Refusals ({@code no_plugin}, {@code invalid_plugin}, {@code
   * state_type_mismatch}) leave nothing behind.
   */
  public synchronized Loaded loadStaged(Artifact artifact, ArtifactFetch.Fetched fetched) {
    List<Path> sources = new ArrayList<>(List.of(fetched.artifact()));
    sources.addAll(fetched.dependencies());
    return loadInto(artifact, (index, target) -> move(sources.get(index), target));
  }

  /**
   * Loads a version from the artifact store (another node installed it, or this node restarts): each
   * JAR is copied only once its bytes match the SHA-256 journaled with the install.
   *
   * @throws InstallException {@code artifact_not_found} when the store lacks a JAR, {@code
   *     checksum_mismatch} when its copy there is damaged, or what the scan refuses
   */
  public synchronized Loaded loadFromStore(Artifact artifact) {
    Loaded existing = loaded.get(artifact.sha256());
    if (existing != null) {
      return existing;
    }
    List<String> addresses = new ArrayList<>(List.of(artifact.sha256()));
    addresses.addAll(artifact.dependencies());
    return loadInto(artifact, (index, target) -> fromStore(addresses.get(index), target));
  }

  /** Puts an artifact version's JAR number {@code index} (0: the artifact, then its dependencies) at {@code target}. */
  private interface JarPlacement {
    Path place(int index, Path target);
  }

  private Loaded loadInto(Artifact artifact, JarPlacement placement) {
    Path directory = root.resolve(artifact.sha256() + "-" + loads.incrementAndGet());
    PluginClassLoader loader = null;
    boolean done = false;
    try {
      Files.createDirectories(directory);
      List<Path> jars = new ArrayList<>();
      List<URL> urls = new ArrayList<>();
      for (int i = 0; i <= artifact.dependencies().size(); i++) {
        Path jar = placement.place(i, directory.resolve(i == 0 ? "artifact.jar" : "dependency-" + (i - 1) + ".jar"));
        jars.add(jar);
        urls.add(url(jar));
        if (i == 0) {
          for (Path nested : NestedJars.extract(jar, directory, archives)) {
            urls.add(url(nested)); // its own libraries before its resolved dependencies
          }
        }
      }
      loader = new PluginClassLoader(artifact.label(), urls, application, List.of());
      List<PluginScan.Found> plugins = PluginScan.scan(loader, declaredStateType);
      Loaded result = new Loaded(artifact, loader, directory, jars, plugins);
      loaded.put(artifact.sha256(), result);
      done = true;
      log.info("Loaded {} ({}) with plugins {}", artifact.label(), artifact.sha256(),
          plugins.stream().map(found -> found.definition().name()).toList());
      return result;
    } catch (IOException e) {
      throw new InstallException(Reason.STORE_UNAVAILABLE, "directory", "Cannot prepare " + directory + ": " + e, e);
    } finally {
      if (!done) {
        closeQuietly(loader);
        ArtifactFetch.deleteRecursively(directory);
      }
    }
  }

  /** Closes the version's class loader and removes its directory; false when it was not loaded. */
  public boolean close(String sha256) {
    Optional<Loaded> retired = retire(sha256);
    retired.ifPresent(LoadedArtifacts::closeAndRemove);
    return retired.isPresent();
  }

  /**
   * Forgets a version at once (a reload of it starts afresh) and returns it, for {@link #closeAndRemove}
   * to finish, typically on another thread.
   */
  public synchronized Optional<Loaded> retire(String sha256) {
    return Optional.ofNullable(loaded.remove(sha256));
  }

  /** Closes a retired version's class loader and removes its directory. */
  public static void closeAndRemove(Loaded removed) {
    String sha256 = removed.artifact().sha256();
    closeQuietly(removed.loader());
    ArtifactFetch.deleteRecursively(removed.directory());
    log.info("Closed {} ({}): no plugin actor runs its code any more", removed.artifact().label(), sha256);
  }

  private Path fromStore(String sha256, Path target) {
    return store.copyTo(sha256, target).orElseThrow(() -> new InstallException(Reason.ARTIFACT_NOT_FOUND, "sha256",
        "The artifact store has no JAR " + sha256 + " (was it removed by hand?)."));
  }

  private static Path move(Path from, Path to) {
    try {
      return Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new InstallException(Reason.STORE_UNAVAILABLE, "directory", "Cannot move " + from + " to " + to + ": " + e, e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("a file path is always a URL: " + jar, e);
    }
  }

  private static void closeQuietly(PluginClassLoader loader) {
    if (loader == null) {
      return;
    }
    try {
      loader.close();
    } catch (IOException e) {
      log.warn("Closing the class loader {} failed", loader.getName(), e);
    }
  }
}
