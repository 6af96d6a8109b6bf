package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every artifact store does, whatever keeps the bytes; one small subclass per backend. */
abstract class ArtifactStoreContract {
  @TempDir
  Path dir;

  /** A store on fresh, empty storage. */
  protected abstract ArtifactStore store(Path dir);

  /** Changes one stored byte behind the store's back, as a damaged disk or a hostile writer would. */
  protected abstract void damage(ArtifactStore store, String sha256) throws Exception;

  private Path jar(String content) {
    return new PluginJar().entry("content.txt", content + " " + UUID.randomUUID()).writeTo(dir.resolve(UUID.randomUUID() + ".jar"));
  }

  @Test
  void whatIsStoredReadsBackByItsSha256AndStoringItAgainKeepsOneCopy() throws IOException {
    ArtifactStore store = store(dir.resolve("store"));
    Path jar = jar("v1");
    String sha256 = store.put(jar, "greeter", "1.0.0");
    assertEquals(ArtifactStore.sha256(jar), sha256);
    assertEquals(64, sha256.length());
    assertEquals(sha256, store.put(jar, "greeter", "1.0.0"), "the same bytes, the same address");

    Path copy = store.copyTo(sha256.toUpperCase(Locale.ROOT), dir.resolve("node/cache/greeter.jar")).orElseThrow();
    assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(copy));
    try (Stream<Path> left = Files.list(copy.getParent())) {
      assertEquals(List.of(copy), left.toList(), "no temporary file left beside the copy");
    }
  }

  @Test
  void anArtifactTheStoreDoesNotHaveIsEmptyAndADeleteSaysWhetherItWasThere() {
    ArtifactStore store = store(dir.resolve("store"));
    assertEquals(Optional.empty(), store.copyTo("a".repeat(64), dir.resolve("x.jar")));
    assertFalse(Files.exists(dir.resolve("x.jar")));
    String sha256 = store.put(jar("gone"), "gone", "1.0.0");
    assertTrue(store.delete(sha256));
    assertFalse(store.delete(sha256));
    assertEquals(Optional.empty(), store.copyTo(sha256, dir.resolve("y.jar")));
  }

  @Test
  void damagedBytesAreRefusedAndNothingIsWrittenToTheTarget() throws Exception {
    ArtifactStore store = store(dir.resolve("store"));
    String sha256 = store.put(jar("v1"), "greeter", "1.0.0");
    damage(store, sha256);
    Path target = dir.resolve("node/greeter.jar");
    InstallException refused = assertThrows(InstallException.class, () -> store.copyTo(sha256, target));
    assertEquals("checksum_mismatch", refused.code());
    assertFalse(Files.exists(target));
    try (Stream<Path> left = Files.list(target.getParent())) {
      assertEquals(0, left.count(), "no temporary file left");
    }
  }

  @Test
  void aMalformedAddressIsRefusedBeforeTheStoreIsAsked() {
    ArtifactStore store = store(dir.resolve("store"));
    assertEquals("checksum_mismatch", assertThrows(InstallException.class, () -> store.copyTo("../../etc/passwd", dir.resolve("z"))).code());
    assertEquals("checksum_mismatch", assertThrows(InstallException.class, () -> store.delete("'; DROP TABLE x; --")).code());
  }
}
