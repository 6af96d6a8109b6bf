package io.arbor.runtime.registry;

import io.arbor.runtime.ArborSerializable;
import java.util.List;
import java.util.Objects;

/**
 * Where an installed plugin's code comes from: one artifact version, journaled in its plugin's record.
 * A plugin registered from the application's code has none. A plain, versioned data format: fields
 * are only ever added, as nullable, so that old journals still read.
 *
 * @param name the install name, shared by every version of the artifact
 * @param version its semantic version
 * @param sha256 the artifact JAR's SHA-256, lower-case hex: its address in the artifact store
 * @param dependencies the SHA-256 of each dependency JAR it was resolved with, in class-path order
 */
public record Artifact(String name, String version, String sha256, List<String> dependencies) implements ArborSerializable {
  public Artifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
  }

  /** {@code name-version}, as logs and class-loader names show it. */
  public String label() {
    return name + "-" + version;
  }
}
