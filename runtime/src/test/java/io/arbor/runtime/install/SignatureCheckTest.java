package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JARs signed at test time with keys made by the JDK's keytool, verified against a trusted set. */
class SignatureCheckTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

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
    Path store = keys.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed");
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD);
    }
    return new KeyStore.PrivateKeyEntry((PrivateKey) keyStore.getKey(name, PASSWORD), keyStore.getCertificateChain(name));
  }

  private Path unsigned(String name) {
    return new PluginJar().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        .entry("com/example/Greeter.class", "bytes of a class").entry("META-INF/services/io.arbor.plugin.Plugin", "com.example.Greeter\n")
        .writeTo(dir.resolve(name));
  }

  private Path signed(Path jar, KeyStore.PrivateKeyEntry key, String name) throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(key.getCertificateChain()));
    Path target = dir.resolve(name);
    try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(target)) {
      new JarSigner.Builder(key.getPrivateKey(), path).build().sign(in, out);
    }
    return target;
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
