package io.arbor.runtime.registry;

import java.util.List;

/**
 * One installed artifact version, as an install returns it and the registry shows it: derived from
 * the records of the plugins it brought, which carry its {@link Artifact}.
 *
 * @param name the install name (one artifact, whatever its version)
 * @param version its semantic version
 * @param sha256 the artifact's SHA-256, lower-case hex: its address in the artifact store
 * @param plugins the plugins it brings, by name, in name order
 * @param events the events of those plugins, in name order
 */
public record Installation(String name, String version, String sha256, List<String> plugins, List<String> events) {
  public Installation {
    plugins = List.copyOf(plugins);
    events = List.copyOf(events);
  }
}
