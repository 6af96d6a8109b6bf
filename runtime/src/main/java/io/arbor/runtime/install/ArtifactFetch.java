package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The front half of an install: an {@link ArtifactSource} to checked files in a staging directory of
 * their own. The source is admitted, the artifact copied, resolved or downloaded, its SHA-256
 * compared with the pinned one, every JAR (the artifact and its dependencies) passed through the
 * {@link ArchiveCheck} and, when certificates are trusted, the {@link SignatureCheck}. Any refusal
 * deletes the staging directory: nothing is left behind.
 */
public final class ArtifactFetch {
  /** The checked artifact and its dependencies, in {@code staging}, which the caller owns from now on. */
  public record Fetched(Path staging, Path artifact, List<Path> dependencies, String sha256) {
    public Fetched {
      dependencies = List.copyOf(dependencies);
    }
  }

  private final SourcePolicy policy;
  private final ArchiveCheck archives;
  private final Optional<SignatureCheck> signatures;
  private final MavenResolution maven;
  private final UrlDownload downloads;

  public ArtifactFetch(SourcePolicy policy, ArchiveCheck archives, Optional<SignatureCheck> signatures, MavenResolution maven,
      UrlDownload downloads) {
    this.policy = policy;
    this.archives = archives;
    this.signatures = signatures;
    this.maven = maven;
    this.downloads = downloads;
  }

  /** The fetch {@code arbor.install} configures. */
  public static ArtifactFetch from(InstallSettings settings) {
    SourcePolicy policy = settings.policy();
    return new ArtifactFetch(policy, new ArchiveCheck(settings.limits()), SignatureCheck.fromFiles(settings.trustedCertificates()),
        new MavenResolution(new MavenResolution.Setup(settings.mavenRepositories(), settings.mavenUserSettings(),
            settings.mavenGlobalSettings(), settings.mavenLocalRepository()), policy),
        new UrlDownload(policy, settings.maxDownloadBytes(), settings.downloadTimeout()));
  }

  /**
   * @param pinnedSha256 the SHA-256 the artifact must have, or null to accept what the source gives
   * @param stagingRoot where the staging directory is made
   */
  public Fetched fetch(ArtifactSource source, String pinnedSha256, Path stagingRoot) {
    policy.admit(source);
    if (pinnedSha256 != null) {
      SourcePolicy.admitSha256(pinnedSha256);
    }
    Path staging = createStaging(stagingRoot);
    boolean fetched = false;
    try {
      Path artifact = staging.resolve("artifact.jar");
      List<Path> dependencies = new ArrayList<>();
      if (source instanceof ArtifactSource.LocalFile local) {
        copy(local.path(), artifact);
      } else if (source instanceof ArtifactSource.Url url) {
        downloads.download(url.uri(), artifact);
      } else if (source instanceof ArtifactSource.Maven coordinates) {
        MavenResolution.Resolved resolved = maven.resolve(coordinates.coordinates());
        copy(resolved.artifact(), artifact);
        for (int i = 0; i < resolved.dependencies().size(); i++) {
          Path dependency = staging.resolve("dependency-" + i + "-" + resolved.dependencies().get(i).getFileName());
          copy(resolved.dependencies().get(i), dependency);
          dependencies.add(dependency);
        }
      }
      String sha256 = ArtifactStore.sha256(artifact);
      if (pinnedSha256 != null) {
        SourcePolicy.requireChecksum(pinnedSha256, sha256);
      }
      List<Path> jars = new ArrayList<>(List.of(artifact));
      jars.addAll(dependencies);
      for (Path jar : jars) {
        archives.check(jar);
        signatures.ifPresent(check -> check.check(jar));
      }
      fetched = true;
      return new Fetched(staging, artifact, dependencies, sha256);
    } finally {
      if (!fetched) {
        deleteRecursively(staging); // whatever went wrong, Errors included
      }
    }
  }

  private static Path createStaging(Path root) {
    try {
      Files.createDirectories(root);
      return Files.createTempDirectory(root, "install-");
    } catch (IOException e) {
      throw new InstallException(Reason.STORE_UNAVAILABLE, "staging", "Cannot create a staging directory in " + root + ": " + e, e);
    }
  }

  private static void copy(Path from, Path to) {
    if (!Files.isRegularFile(from)) {
      throw new InstallException(Reason.ARTIFACT_NOT_FOUND, "source", "No artifact file at " + ArchiveCheck.shown(from.toString()) + ".");
    }
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new InstallException(Reason.CORRUPT_ARCHIVE, "source", "Cannot read " + ArchiveCheck.shown(from.toString()) + ": " + e, e);
    }
  }

  /** Deletes a staging directory and everything in it, as far as the file system lets it. */
  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // best effort: a staging directory is never read again
    }
  }
}
