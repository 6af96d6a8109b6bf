package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactFetchTest {
  private static final SourcePolicy POLICY = new SourcePolicy(Set.of(), Set.of());
  private static final String NEEDS_HELPER =
      "<dependency><groupId>com.example</groupId><artifactId>helper</artifactId><version>1.0.0</version></dependency>";

  @TempDir
  Path dir;

  private Path staging() {
    return dir.resolve("staging");
  }

  private ArtifactFetch fetch(Optional<SignatureCheck> signatures, List<URI> repositories) {
    Path none = Path.of("/nonexistent/settings.xml");
    return new ArtifactFetch(POLICY, new ArchiveCheck(ArchiveCheck.Limits.DEFAULT), signatures,
        new MavenResolution(new MavenResolution.Setup(repositories, none, none, dir.resolve("local-repo")), POLICY),
        new UrlDownload(POLICY, 1 << 20, Duration.ofSeconds(5)));
  }

  private ArtifactFetch fetch() {
    return fetch(Optional.empty(), List.of());
  }

  private Path jar(String name) {
    return new PluginJar().entry("content.txt", name).writeTo(dir.resolve(name + ".jar"));
  }

  /** The install failed with {@code code} and left no staging directory behind. */
  private void refusedLeavingNothing(String code, Runnable install) throws IOException {
    assertEquals(code, assertThrows(InstallException.class, install::run).code());
    if (Files.exists(staging())) {
      try (Stream<Path> left = Files.list(staging())) {
        assertEquals(List.of(), left.toList(), "nothing left in the staging area");
      }
    }
  }

  @Test
  void aLocalJarIsCopiedCheckedAndAddressedBySha256() throws IOException {
    Path jar = jar("greeter");
    ArtifactFetch.Fetched fetched = fetch().fetch(new ArtifactSource.LocalFile(jar), null, staging());
    assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(fetched.artifact()));
    assertEquals(ArtifactStore.sha256(jar), fetched.sha256());
    assertTrue(fetched.artifact().startsWith(fetched.staging()) && fetched.staging().startsWith(staging()));
    ArtifactFetch.Fetched pinned = fetch().fetch(new ArtifactSource.LocalFile(jar), fetched.sha256().toUpperCase(Locale.ROOT), staging());
    assertEquals(fetched.sha256(), pinned.sha256());
  }

  @Test
  void eachRefusalLeavesNothingBehind() throws IOException {
    Path jar = jar("greeter");
    refusedLeavingNothing("checksum_mismatch", () -> fetch().fetch(new ArtifactSource.LocalFile(jar), "0".repeat(64), staging()));
    refusedLeavingNothing("checksum_mismatch", () -> fetch().fetch(new ArtifactSource.LocalFile(jar), "not-a-digest", staging()));
    Path bomb = new PluginJar().entry("zeros", new byte[8 << 20]).writeTo(dir.resolve("bomb.jar"));
    refusedLeavingNothing("zip_bomb", () -> fetch().fetch(new ArtifactSource.LocalFile(bomb), null, staging()));
    refusedLeavingNothing("artifact_not_found", () -> fetch().fetch(new ArtifactSource.LocalFile(dir.resolve("none.jar")), null, staging()));
    refusedLeavingNothing("not_allow_listed",
        () -> fetch().fetch(new ArtifactSource.Url(URI.create("https://repo.example.com/x.jar")), null, staging()));
    refusedLeavingNothing("unsigned",
        () -> fetch(Optional.of(new SignatureCheck(Set.of())), List.of()).fetch(new ArtifactSource.LocalFile(jar), null, staging()));
  }

  @Test
  void aMavenArtifactComesWithItsDependenciesAndADamagedDependencyFailsTheWhole() throws IOException {
    Path remote = dir.resolve("remote");
    FileRepository.deploy(remote, "com.example", "greeter", "1.0.0", NEEDS_HELPER);
    FileRepository.deploy(remote, "com.example", "helper", "1.0.0", "");
    ArtifactFetch.Fetched fetched = fetch(Optional.empty(), List.of(remote.toUri()))
        .fetch(new ArtifactSource.Maven("com.example:greeter:1.0.0"), null, staging());
    assertEquals(1, fetched.dependencies().size());
    assertTrue(fetched.dependencies().get(0).getFileName().toString().endsWith("helper-1.0.0.jar"));
    ArtifactFetch.deleteRecursively(fetched.staging());

    Path broken = dir.resolve("broken");
    FileRepository.deploy(broken, "com.example", "greeter", "1.0.0", NEEDS_HELPER);
    FileRepository.deploy(broken, "com.example", "helper", "1.0.0", "");
    Path notAJar = Files.writeString(broken.resolve("com/example/helper/1.0.0/helper-1.0.0.jar"), "not a jar");
    FileRepository.sha1(notAJar); // published damaged, with a matching checksum: the archive check must catch it
    Path otherLocal = dir.resolve("other-local");
    Path none = Path.of("/nonexistent/settings.xml");
    ArtifactFetch brokenFetch = new ArtifactFetch(POLICY, new ArchiveCheck(ArchiveCheck.Limits.DEFAULT), Optional.empty(),
        new MavenResolution(new MavenResolution.Setup(List.of(broken.toUri()), none, none, otherLocal), POLICY),
        new UrlDownload(POLICY, 1 << 20, Duration.ofSeconds(5)));
    refusedLeavingNothing("corrupt_archive", () -> brokenFetch.fetch(new ArtifactSource.Maven("com.example:greeter:1.0.0"), null, staging()));
  }
}
