package io.arbor.runtime.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Publishes a JAR and its POM into a directory laid out as a Maven repository, for resolution without a network. */
final class FileRepository {
  private FileRepository() {}

  /** @param dependencies the POM's {@code <dependency>} elements, or empty */
  static void deploy(Path repository, String group, String artifact, String version, String dependencies) throws IOException {
    Path folder = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
    Files.createDirectories(folder);
    new PluginJar().entry(artifact + ".txt", artifact + " " + version).writeTo(folder.resolve(artifact + "-" + version + ".jar"));
    Files.writeString(folder.resolve(artifact + "-" + version + ".pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
          <dependencies>%s</dependencies>
        </project>
        """.formatted(group, artifact, version, dependencies));
  }
}
