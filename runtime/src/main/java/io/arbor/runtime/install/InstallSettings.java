package io.arbor.runtime.install;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code arbor.install} section of the configuration, read once at start (reference.conf
 * explains each key).
 *
 * @param directory where this node keeps the artifacts it loaded, and stages downloads
 * @param storeDirectory the shared directory of the artifact store, or null for the database store
 * @param trustedCertificates certificate files; when any is listed, only JARs they signed install
 */
public record InstallSettings(
    Path directory,
    Path storeDirectory,
    Set<String> allowedHosts,
    Set<String> protectedNames,
    List<Path> trustedCertificates,
    List<URI> mavenRepositories,
    Path mavenUserSettings,
    Path mavenGlobalSettings,
    Path mavenLocalRepository,
    long maxDownloadBytes,
    Duration downloadTimeout,
    ArchiveCheck.Limits limits,
    Duration handoverTimeout) {

  public InstallSettings {
    allowedHosts = Set.copyOf(allowedHosts);
    protectedNames = Set.copyOf(protectedNames);
    trustedCertificates = List.copyOf(trustedCertificates);
    mavenRepositories = List.copyOf(mavenRepositories);
  }

  public SourcePolicy policy() {
    return new SourcePolicy(allowedHosts, protectedNames);
  }
}
