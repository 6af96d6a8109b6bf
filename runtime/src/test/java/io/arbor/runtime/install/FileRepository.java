package io.arbor.runtime.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Publishes a JAR and its POM into a directory laid out as a Maven repository, for resolution without a network. */
final class FileRepository {
  private FileRepository() {}

  /** @param dependencies the POM's {@code <dependency>} elements, or empty */
  static void deploy(Path repository, String group, String artifact, String version, String dependencies) throws IOException {
    deploy(repository, group, artifact, version, dependencies,
        new PluginJar().entry(artifact + ".txt", artifact + " " + version).writeTo(Files.createTempFile(repository.getParent(), artifact, ".jar")));
  }

  /** Publishes {@code content} as the artifact's JAR. */
  static void deploy(Path repository, String group, String artifact, String version, String dependencies, Path content)
      throws IOException {
    Path folder = repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
    Files.createDirectories(folder);
    Path jar = Files.copy(content, folder.resolve(artifact + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    Path pom = Files.writeString(folder.resolve(artifact + "-" + version + ".pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
          <dependencies>%s</dependencies>
        </project>
        """.formatted(group, artifact, version, dependencies));
    sha1(jar);
    sha1(pom);
  }

  /** The .sha1 beside a file, as a deployed repository has (the resolver fails without it). */
  static void sha1(Path file) throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
      Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
