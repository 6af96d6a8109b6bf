package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution from a file repository laid out as Maven's, into a fresh local repository: no network. */
class MavenResolutionTest {
  private static final SourcePolicy ONLY_LOCAL = new SourcePolicy(Set.of(), Set.of());

  @TempDir
  Path dir;

  private Path remote;
  private Path local;
  private final Path noSettings = Path.of("/nonexistent/settings.xml");

  @BeforeEach
  void publish() throws IOException {
    remote = dir.resolve("remote");
    local = dir.resolve("local");
    FileRepository.deploy(remote, "com.example", "greeter", "1.0.0", """
        <dependency><groupId>com.example</groupId><artifactId>helper</artifactId><version>2.0.0</version></dependency>
        <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
        <dependency><groupId>org.apache.pekko</groupId><artifactId>pekko-actor_2.13</artifactId><version>1.7.0</version></dependency>
        <dependency><groupId>com.example</groupId><artifactId>extra</artifactId><version>1.0.0</version><optional>true</optional></dependency>
        <dependency><groupId>com.example</groupId><artifactId>tests-only</artifactId><version>1.0.0</version><scope>test</scope></dependency>
        """);
    FileRepository.deploy(remote, "com.example", "helper", "2.0.0", "");
  }

  private MavenResolution resolution(List<URI> repositories, Path userSettings, SourcePolicy policy) {
    return new MavenResolution(new MavenResolution.Setup(repositories, userSettings, noSettings, local), policy);
  }

  @Test
  void resolvesTheArtifactAndItsRuntimeDependenciesButNotWhatTheApplicationProvides() {
    MavenResolution.Resolved resolved = resolution(List.of(remote.toUri()), noSettings, ONLY_LOCAL).resolve("com.example:greeter:1.0.0");
    assertEquals("greeter-1.0.0.jar", resolved.artifact().getFileName().toString());
    assertTrue(resolved.artifact().startsWith(local), "fetched into the local repository: " + resolved.artifact());
    assertEquals(List.of("helper-2.0.0.jar"), resolved.dependencies().stream().map(p -> p.getFileName().toString()).toList(),
        "no slf4j or pekko (the application's), no optional or test-scoped dependency");
  }

  @Test
  void anArtifactInstalledInTheLocalRepositoryResolvesWithNoRemoteAtAll() throws IOException {
    FileRepository.deploy(local, "com.example", "built-here", "0.1.0", ""); // as mvn install leaves it
    MavenResolution.Resolved resolved = resolution(List.of(), noSettings, ONLY_LOCAL).resolve("com.example:built-here:0.1.0");
    assertEquals("built-here-0.1.0.jar", resolved.artifact().getFileName().toString());
  }

  @Test
  void anArtifactWhoseChecksumDoesNotMatchIsNotResolved() throws IOException {
    Path jar = remote.resolve("com/example/helper/2.0.0/helper-2.0.0.jar");
    Path swapped = new PluginJar().entry("swapped.txt", "not what was published").writeTo(dir.resolve("swap.jar"));
    Files.write(jar, Files.readAllBytes(swapped)); // its .sha1 still describes the published bytes
    InstallException refused = assertThrows(InstallException.class,
        () -> resolution(List.of(remote.toUri()), noSettings, ONLY_LOCAL).resolve("com.example:helper:2.0.0"));
    assertEquals("artifact_not_found", refused.code());
  }

  @Test
  void aRepositoryNamedInsideAPomIsNotUsed() throws IOException {
    Path elsewhere = dir.resolve("elsewhere");
    FileRepository.deploy(elsewhere, "com.example", "hidden", "1.0.0", "");
    FileRepository.deploy(remote, "com.example", "sneaky", "1.0.0", "");
    Path pom = Files.writeString(remote.resolve("com/example/sneaky/1.0.0/sneaky-1.0.0.pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId><artifactId>sneaky</artifactId><version>1.0.0</version>
          <repositories><repository><id>side</id><url>%s</url></repository></repositories>
          <dependencies>
            <dependency><groupId>com.example</groupId><artifactId>hidden</artifactId><version>1.0.0</version></dependency>
          </dependencies>
        </project>
        """.formatted(elsewhere.toUri()));
    FileRepository.sha1(pom);
    InstallException refused = assertThrows(InstallException.class,
        () -> resolution(List.of(remote.toUri()), noSettings, ONLY_LOCAL).resolve("com.example:sneaky:1.0.0"));
    assertEquals("artifact_not_found", refused.code());
    assertTrue(refused.getMessage().contains("hidden"), refused.getMessage());
  }

  @Test
  void unknownCoordinatesAreNotFound() {
    InstallException refused = assertThrows(InstallException.class,
        () -> resolution(List.of(remote.toUri()), noSettings, ONLY_LOCAL).resolve("com.example:nothing:9.9.9"));
    assertEquals("artifact_not_found", refused.code());
    assertEquals("coordinates", refused.field());
    InstallException noRepository = assertThrows(InstallException.class,
        () -> resolution(List.of(), noSettings, ONLY_LOCAL).resolve("com.example:nothing:9.9.9"));
    assertTrue(noRepository.getMessage().contains("arbor.install.maven.repositories lists no repository"), noRepository.getMessage());
    assertTrue(refused.getMessage().contains("com.example:nothing:9.9.9"), refused.getMessage());
  }

  @Test
  void aRemoteRepositoryOffTheAllowListIsRefusedBeforeAnythingIsFetched() {
    InstallException refused = assertThrows(InstallException.class,
        () -> resolution(List.of(URI.create("https://repo.example.com/maven2")), noSettings, ONLY_LOCAL).resolve("com.example:greeter:1.0.0"));
    assertEquals("not_allow_listed", refused.code());
    assertFalse(Files.exists(local.resolve("com/example/greeter")), "nothing fetched");
  }

  @Test
  void theUsersMirrorsApplyAndAreCheckedInTurn() throws IOException {
    Path mirror = dir.resolve("mirror");
    FileRepository.deploy(mirror, "com.example", "mirrored", "1.0.0", "");
    Path toFile = Files.writeString(dir.resolve("mirror.xml"), """
        <settings><mirrors><mirror><id>company</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>
        """.formatted(mirror.toUri()));
    MavenResolution.Resolved resolved = resolution(List.of(URI.create("https://repo.maven.apache.org/maven2")), toFile, ONLY_LOCAL)
        .resolve("com.example:mirrored:1.0.0");
    assertEquals("mirrored-1.0.0.jar", resolved.artifact().getFileName().toString(), "fetched from the mirror, not the declared host");

    Path toHost = Files.writeString(dir.resolve("host.xml"), """
        <settings><mirrors><mirror><id>company</id><mirrorOf>*</mirrorOf><url>https://nexus.example.net/all</url></mirror></mirrors></settings>
        """);
    InstallException refused = assertThrows(InstallException.class,
        () -> resolution(List.of(remote.toUri()), toHost, ONLY_LOCAL).resolve("com.example:greeter:1.0.0"));
    assertEquals("not_allow_listed", refused.code());
    assertTrue(refused.getMessage().contains("nexus.example.net"), refused.getMessage());
  }
}
