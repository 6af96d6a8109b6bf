package io.arbor.runtime.install;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/** Signing keys made at test time by the JDK's keytool, and JARs signed with them by the JDK's JarSigner. */
final class TestKeys {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private TestKeys() {}

  static KeyStore.PrivateKeyEntry keyPair(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
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

  static Path signed(Path jar, KeyStore.PrivateKeyEntry key, Path target) throws Exception {
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(key.getCertificateChain()));
    try (ZipFile in = new ZipFile(jar.toFile()); OutputStream out = Files.newOutputStream(target)) {
      new JarSigner.Builder(key.getPrivateKey(), path).build().sign(in, out);
    }
    return target;
  }

  /** The key's certificate as a DER file, as arbor.install.trusted-certificates reads it. */
  static Path certificateFile(KeyStore.PrivateKeyEntry key, Path file) throws Exception {
    return Files.write(file, key.getCertificate().getEncoded());
  }
}
