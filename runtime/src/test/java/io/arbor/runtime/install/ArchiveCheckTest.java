package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveCheckTest {
  private static final ArchiveCheck.Limits SMALL = new ArchiveCheck.Limits(1 << 20, 10, 4 << 20, 6 << 20, 100);

  @TempDir
  Path dir;

  private InstallException refused(ArchiveCheck.Limits limits, Path jar) {
    return assertThrows(InstallException.class, () -> new ArchiveCheck(limits).check(jar));
  }

  @Test
  void aWellFormedJarPassesWithItsEntriesCounted() {
    Path jar = new PluginJar().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        .entry("com/example/Greeter.class", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE})
        .entry("com/example/", new byte[0])
        .writeTo(dir.resolve("ok.jar"));
    ArchiveCheck.Checked checked = new ArchiveCheck(SMALL).check(jar);
    assertEquals(3, checked.entries());
    assertEquals(22 + 4, checked.inflatedBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../evil.class", "a/../../evil.class", "/etc/passwd", "C:/Windows/evil.dll", "a\\..\\evil", "..", "a/.."})
  void anEntryThatPointsOutsideTheArchiveIsPathTraversal(String name) {
    InstallException refused = refused(SMALL, new PluginJar().entry("ok.txt", "fine").entry(name, "bad").writeTo(dir.resolve("t.jar")));
    assertEquals("path_traversal", refused.code());
    assertEquals(name, refused.field());
  }

  @Test
  void aManifestClassPathIsRefused() {
    Path jar = new PluginJar().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nClass-Path: ../../other.jar /tmp/x.jar\n")
        .entry("a.txt", "x").writeTo(dir.resolve("cp.jar"));
    InstallException refused = refused(SMALL, jar);
    assertEquals("path_traversal", refused.code());
    assertEquals("META-INF/MANIFEST.MF", refused.field());
  }

  @Test
  void anEntryNamedTwiceIsRefused() throws IOException {
    // ZipOutputStream refuses duplicates, so write two names of one length and make them equal in the bytes.
    Path jar = new PluginJar().entry("a.txt", "first").entry("b.txt", "second").writeTo(dir.resolve("dup.jar"));
    byte[] bytes = Files.readAllBytes(jar);
    byte[] from = "b.txt".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + from.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
        bytes[i] = 'a';
      }
    }
    Files.write(jar, bytes);
    InstallException refused = refused(SMALL, jar);
    assertEquals("duplicate_entry", refused.code());
    assertEquals("a.txt", refused.field());
  }

  @Test
  void aZipBombIsStoppedByItsRatio() {
    Path jar = new PluginJar().entry("zeros.bin", new byte[3 << 20]).writeTo(dir.resolve("bomb.jar"));
    assertTrue(jar.toFile().length() < 20_000, "3 MiB of zeros compress to a few KiB");
    InstallException refused = refused(SMALL, jar);
    assertEquals("zip_bomb", refused.code());
    assertEquals("zeros.bin", refused.field());
  }

  @Test
  void anEntryOverTheLimitIsTooLargeWhateverItsHeaderSays() {
    ArchiveCheck.Limits noRatio = new ArchiveCheck.Limits(1 << 20, 10, 1 << 20, 6 << 20, Integer.MAX_VALUE);
    InstallException refused = refused(noRatio, new PluginJar().entry("big.bin", new byte[(1 << 20) + 1]).writeTo(dir.resolve("big.jar")));
    assertEquals("too_large", refused.code());
    assertEquals("big.bin", refused.field());
  }

  @Test
  void entriesTogetherOverTheTotalAreTooLarge() {
    ArchiveCheck.Limits noRatio = new ArchiveCheck.Limits(1 << 20, 10, 4 << 20, 6 << 20, Integer.MAX_VALUE);
    PluginJar jar = new PluginJar();
    for (int i = 0; i < 4; i++) {
      jar.entry("part" + i + ".bin", new byte[2 << 20]);
    }
    InstallException refused = refused(noRatio, jar.writeTo(dir.resolve("total.jar")));
    assertEquals("too_large", refused.code());
    assertEquals("source", refused.field());
  }

  @Test
  void tooManyEntriesAndTooLargeAFileAreRefusedBeforeReadingThem() {
    PluginJar many = new PluginJar();
    for (int i = 0; i < 11; i++) {
      many.entry("e" + i, "x");
    }
    assertEquals("too_many_entries", refused(SMALL, many.writeTo(dir.resolve("many.jar"))).code());

    byte[] random = new byte[(1 << 20) + 1];
    new Random(1).nextBytes(random);
    Path large = new PluginJar().storedEntry("random.bin", random).writeTo(dir.resolve("large.jar"));
    assertEquals("too_large", refused(SMALL, large).code());
  }

  @Test
  void whatIsNotAJarOrIsDamagedIsCorrupt() throws IOException {
    Path text = Files.writeString(dir.resolve("text.jar"), "not a zip at all");
    assertEquals("corrupt_archive", refused(SMALL, text).code());

    Path truncated = new PluginJar().entry("a.txt", "some content here").writeTo(dir.resolve("cut.jar"));
    byte[] whole = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(whole, whole.length - 30));
    assertEquals("corrupt_archive", refused(SMALL, truncated).code());

    byte[] content = "stored bytes that the CRC covers".getBytes(StandardCharsets.US_ASCII);
    Path flipped = new PluginJar().storedEntry("data.txt", content).writeTo(dir.resolve("crc.jar"));
    byte[] bytes = Files.readAllBytes(flipped);
    int at = indexOf(bytes, content);
    bytes[at] ^= 1;
    Files.write(flipped, bytes);
    InstallException crc = refused(SMALL, flipped);
    assertEquals("corrupt_archive", crc.code());
    assertEquals("data.txt", crc.field());

    assertEquals("corrupt_archive", refused(SMALL, dir.resolve("missing.jar")).code());
  }

  @Test
  void aHostileEntryNameIsShownPrintableAndShort() {
    String name = "../" + "x".repeat(500) + "\u001b[31m";
    InstallException refused = refused(SMALL, new PluginJar().entry(name, "bad").writeTo(dir.resolve("long.jar")));
    assertTrue(refused.getMessage().length() < 300, refused.getMessage());
    assertTrue(refused.getMessage().chars().noneMatch(Character::isISOControl), refused.getMessage());
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    for (int i = 0; i + part.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
