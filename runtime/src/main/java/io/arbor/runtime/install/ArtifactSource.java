package io.arbor.runtime.install;

import java.net.URI;
import java.nio.file.Path;

/** Where a plugin JAR comes from. */
public sealed interface ArtifactSource {
  /** A JAR on this node's file system, given by the application or the operator. */
  record LocalFile(Path path) implements ArtifactSource {}

  /**
   * Maven coordinates, {@code groupId:artifactId:version} (or with {@code :extension} and
   * {@code :classifier} before the version), resolved from the configured repositories only.
   */
  record Maven(String coordinates) implements ArtifactSource {}

  /** An HTTPS URL on an allow-listed host. */
  record Url(URI uri) implements ArtifactSource {}
}
