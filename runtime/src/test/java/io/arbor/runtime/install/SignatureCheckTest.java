package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JARs signed at test time with keys made by the JDK's keytool, verified against a trusted set. */
class SignatureCheckTest {
  @TempDir
  static Path keys;

  @TempDir
  Path dir;

  private static KeyStore.PrivateKeyEntry publisher;
  private static KeyStore.PrivateKeyEntry stranger;

  @BeforeAll
  static void makeKeys() throws Exception {
    publisher = keyPair("publisher");
    stranger = keyPair("stranger");
  }

  private static KeyStore.PrivateKeyEntry keyPair(String name) throws Exception {
    return TestKeys.keyPair(keys, name);
  }

  private Path unsigned(String name) {
    return new PluginJar().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        .entry("com/example/Greeter.class", "bytes of a class").entry("META-INF/services/io.arbor.plugin.Plugin", "com.example.Greeter\n")
        .writeTo(dir.resolve(name));
  }

  private Path signed(Path jar, KeyStore.PrivateKeyEntry key, String name) throws Exception {
    return TestKeys.signed(jar, key, dir.resolve(name));
  }

  private static SignatureCheck trusting(KeyStore.PrivateKeyEntry... keys) {
    return new SignatureCheck(Set.copyOf(Arrays.stream(keys).map(KeyStore.PrivateKeyEntry::getCertificate).toList()));
  }

  @Test
  void aJarSignedByATrustedCertificatePasses() throws Exception {
    trusting(publisher).check(signed(unsigned("a.jar"), publisher, "a-signed.jar"));
    trusting(stranger, publisher).check(signed(unsigned("b.jar"), publisher, "b-signed.jar"));
  }

  @Test
  void anUnsignedJarOrOneSignedByAnotherKeyIsRefused() throws Exception {
    assertEquals("unsigned", assertThrows(InstallException.class, () -> trusting(publisher).check(unsigned("c.jar"))).code());
    Path byStranger = signed(unsigned("d.jar"), stranger, "d-signed.jar");
    InstallException refused = assertThrows(InstallException.class, () -> trusting(publisher).check(byStranger));
    assertEquals("unsigned", refused.code());
    assertTrue(Set.of("com/example/Greeter.class", "META-INF/services/io.arbor.plugin.Plugin").contains(refused.field()),
        "it names a content entry: " + refused.field());
  }

  @Test
  void anEntryAddedOrChangedAfterSigningIsRefused() throws Exception {
    Path signedJar = signed(unsigned("e.jar"), publisher, "e-signed.jar");
    Path added = copy(signedJar, "added.jar", null, "com/example/Extra.class");
    InstallException refused = assertThrows(InstallException.class, () -> trusting(publisher).check(added));
    assertEquals("unsigned", refused.code());
    assertEquals("com/example/Extra.class", refused.field());

    Path changed = copy(signedJar, "changed.jar", "com/example/Greeter.class", null);
    assertEquals("unsigned", assertThrows(InstallException.class, () -> trusting(publisher).check(changed)).code());
  }

  /** A copy of {@code jar} with one entry's content replaced, or one entry added. */
  private Path copy(Path jar, String name, String replace, String add) throws Exception {
    Path target = dir.resolve(name);
    try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        out.putNextEntry(new ZipEntry(entry.getName()));
        if (entry.getName().equals(replace)) {
          out.write("tampered bytes".getBytes(StandardCharsets.US_ASCII));
        } else {
          in.getInputStream(entry).transferTo(out);
        }
        out.closeEntry();
      }
      if (add != null) {
        out.putNextEntry(new ZipEntry(add));
        out.write("smuggled in".getBytes(StandardCharsets.US_ASCII));
        out.closeEntry();
      }
    }
    return target;
  }
}
