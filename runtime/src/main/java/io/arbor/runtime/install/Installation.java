package io.arbor.runtime.install;

import java.util.List;

/**
 * One installed artifact version: what an install returns and what is journaled. A plain, versioned
 * data format: fields are only ever added, as nullable, so that old journals still read.
 *
 * @param name the install name (one artifact, whatever its version)
 * @param version its semantic version
 * @param sha256 the artifact's SHA-256, lower-case hex: its address in the {@link ArtifactStore}
 * @param plugins the plugins it brings, by name
 * @param events the events of those plugins
 */
public record Installation(String name, String version, String sha256, List<String> plugins, List<String> events) {
  public Installation {
    plugins = List.copyOf(plugins);
    events = List.copyOf(events);
  }
}
