package io.arbor.runtime.install;

import io.arbor.runtime.InvalidArgumentException;
import java.net.URI;
import java.nio.file.Path;

/**
 * What to install: a source, and optionally the install name, the version and the SHA-256 the
 * artifact must have. Without a name and version, Maven coordinates give theirs (artifactId and
 * version); a JAR file or URL gives its manifest's {@code Implementation-Title} and {@code
 * Implementation-Version}.
 *
 * <pre>{@code
 * arbor.install(InstallRequest.maven("com.example:greeter:1.2.0").sha256("9f86d08...")).toCompletableFuture().join();
 * }</pre>
 */
public record InstallRequest(ArtifactSource source, String name, String version, String sha256) {
  public InstallRequest {
    InvalidArgumentException.requireNonNull("source", source);
  }

  /** A JAR on this node's file system. */
  public static InstallRequest file(Path jar) {
    return new InstallRequest(new ArtifactSource.LocalFile(InvalidArgumentException.requireNonNull("jar", jar)), null, null, null);
  }

  /** {@code groupId:artifactId[:extension[:classifier]]:version}, from the configured repositories. */
  public static InstallRequest maven(String coordinates) {
    return new InstallRequest(new ArtifactSource.Maven(InvalidArgumentException.requireNonNull("coordinates", coordinates)),
        null, null, null);
  }

  /** An HTTPS URL on an allow-listed host. */
  public static InstallRequest url(URI url) {
    return new InstallRequest(new ArtifactSource.Url(InvalidArgumentException.requireNonNull("url", url)), null, null, null);
  }

  /** The install name: lower-case letters, digits, '.', '_' and '-', starting with a letter. */
  public InstallRequest named(String installName) {
    return new InstallRequest(source, InvalidArgumentException.requireNonNull("name", installName), version, sha256);
  }

  /** The artifact's semantic version (2.0.0). */
  public InstallRequest version(String semanticVersion) {
    return new InstallRequest(source, name, InvalidArgumentException.requireNonNull("version", semanticVersion), sha256);
  }

  /** The artifact's SHA-256 in hex: anything else is refused with {@code checksum_mismatch}. */
  public InstallRequest sha256(String pinned) {
    return new InstallRequest(source, name, version, InvalidArgumentException.requireNonNull("sha256", pinned));
  }
}
