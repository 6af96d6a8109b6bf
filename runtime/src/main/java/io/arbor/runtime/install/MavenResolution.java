package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;

/**
 * Resolves Maven coordinates to the artifact's JAR and its runtime dependencies with Maven Resolver,
 * honouring the user's Maven settings (local repository, mirrors, offline mode) as {@code mvn} does.
 * Every remote repository, after the mirrors are applied, must pass the {@link SourcePolicy} before
 * anything is fetched; repositories named inside POMs are ignored, redirects stay on the repository's
 * host, and a checksum that does not match (or is missing) fails the resolution. Dependencies the application provides to every plugin (Arbor, Pekko, Scala,
 * Typesafe Config, SLF4J: {@link PluginClassLoader#PARENT_FIRST}) are left out: the plugin's loader
 * would take them from the application anyway.
 */
public final class MavenResolution {
  /** Groups whose artifacts a plugin never brings: the application provides them. */
  static final List<String> PROVIDED_GROUPS =
      List.of("io.arbor", "org.apache.pekko", "org.scala-lang", "com.typesafe", "org.slf4j");

  /**
   * @param repositories the remote repositories to resolve from, by URL (file: URLs included, for a local mirror)
   * @param userSettings the user's settings.xml (skipped when absent), normally {@code ~/.m2/settings.xml}
   * @param globalSettings Maven's global settings.xml (skipped when absent or null)
   * @param localRepository the local repository, or null for the settings' (default {@code ~/.m2/repository})
   */
  public record Setup(List<URI> repositories, Path userSettings, Path globalSettings, Path localRepository) {
    public Setup {
      repositories = List.copyOf(repositories);
    }
  }

  /** The artifact's JAR and the JARs of its runtime dependencies, all in the local repository. */
  public record Resolved(Path artifact, List<Path> dependencies) {
    public Resolved {
      dependencies = List.copyOf(dependencies);
    }
  }

  private final Setup setup;
  private final SourcePolicy policy;

  public MavenResolution(Setup setup, SourcePolicy policy) {
    this.setup = setup;
    this.policy = policy;
  }

  /** Resolves {@code coordinates} (admitted by the policy first); fails with {@code artifact_not_found} or {@code not_allow_listed}. */
  public Resolved resolve(String coordinates) {
    policy.admit(new ArtifactSource.Maven(coordinates));
    Settings settings = settings();
    RepositorySystem system = new RepositorySystemSupplier().get();
    try (CloseableSession session = new SessionBuilderSupplier(system).get()
        .withLocalRepositoryBaseDirectories(localRepository(settings))
        .setMirrorSelector(mirrors(settings))
        .setOffline(settings.isOffline())
        .setSystemProperties(System.getProperties())
        // Only the configured (and admitted) repositories: never one a POM names, nor Maven's built-in central.
        .setIgnoreArtifactDescriptorRepositories(true)
        // An admitted repository may not hand the download to another host, and a wrong checksum fails.
        .setConfigProperty(ConfigurationProperties.HTTP_REDIRECT_MODE, ConfigurationProperties.RedirectMode.SAME_AUTHORITY.name())
        .setChecksumPolicy(RepositoryPolicy.CHECKSUM_POLICY_FAIL)
        .build()) {
      List<RemoteRepository> declared = new ArrayList<>();
      for (int i = 0; i < setup.repositories().size(); i++) {
        declared.add(new RemoteRepository.Builder("arbor-" + i, "default", setup.repositories().get(i).toString()).build());
      }
      List<RemoteRepository> effective = system.newResolutionRepositories(session, declared);
      effective.forEach(repository -> policy.admitRepository(repositoryUri(repository)));

      Artifact artifact = new DefaultArtifact(coordinates);
      List<Exclusion> provided = PROVIDED_GROUPS.stream().map(group -> new Exclusion(group, "*", "*", "*")).toList();
      // The artifact as a dependency, not as the root: a root's optional dependencies would be pulled in.
      CollectRequest collect = new CollectRequest(List.of(new Dependency(artifact, JavaScopes.RUNTIME, false, provided)), null, effective);
      List<ArtifactResult> results = system.resolveDependencies(session,
          new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME))).getArtifactResults();
      Path main = null;
      List<Path> dependencies = new ArrayList<>();
      for (ArtifactResult result : results) {
        Path file = result.getArtifact().getPath();
        if (sameArtifact(result.getArtifact(), artifact)) {
          main = file;
        } else {
          dependencies.add(file);
        }
      }
      if (main == null) {
        throw notFound(coordinates, "the resolver returned no file for it");
      }
      return new Resolved(main, dependencies);
    } catch (DependencyResolutionException e) {
      throw notFound(coordinates, e.getMessage() + (setup.repositories().isEmpty()
          ? " (arbor.install.maven.repositories lists no repository)" : ""));
    } finally {
      system.shutdown();
    }
  }

  private static URI repositoryUri(RemoteRepository repository) {
    try {
      return new URI(repository.getUrl());
    } catch (URISyntaxException e) {
      throw new InstallException(Reason.NOT_ALLOW_LISTED, "source", "Repository '" + repository.getId() + "' has no usable URL ("
          + ArchiveCheck.shown(repository.getUrl()) + "): " + e.getMessage());
    }
  }

  private static boolean sameArtifact(Artifact a, Artifact b) {
    return a.getGroupId().equals(b.getGroupId()) && a.getArtifactId().equals(b.getArtifactId())
        && a.getClassifier().equals(b.getClassifier()) && a.getExtension().equals(b.getExtension());
  }

  private Settings settings() {
    DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest().setSystemProperties(System.getProperties());
    if (setup.userSettings() != null && Files.isRegularFile(setup.userSettings())) {
      request.setUserSettingsFile(setup.userSettings().toFile());
    }
    if (setup.globalSettings() != null && Files.isRegularFile(setup.globalSettings())) {
      request.setGlobalSettingsFile(setup.globalSettings().toFile());
    }
    try {
      return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
    } catch (SettingsBuildingException e) {
      throw new InstallException(Reason.ARTIFACT_NOT_FOUND, "settings", "The Maven settings cannot be read: " + e.getMessage(), e);
    }
  }

  private Path localRepository(Settings settings) {
    if (setup.localRepository() != null) {
      return setup.localRepository();
    }
    String configured = settings.getLocalRepository();
    return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static DefaultMirrorSelector mirrors(Settings settings) {
    DefaultMirrorSelector selector = new DefaultMirrorSelector();
    for (Mirror mirror : settings.getMirrors()) {
      selector.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, mirror.isBlocked(), mirror.getMirrorOf(),
          mirror.getMirrorOfLayouts());
    }
    return selector;
  }

  private static InstallException notFound(String coordinates, String why) {
    return new InstallException(Reason.ARTIFACT_NOT_FOUND, "coordinates", "Cannot resolve " + coordinates + ": " + why);
  }
}
