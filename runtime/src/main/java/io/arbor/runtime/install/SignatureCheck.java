package io.arbor.runtime.install;

import io.arbor.runtime.InvalidArgumentException;
import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Accepts only JARs whose every entry is signed by one of the trusted certificates: the JDK's own JAR
 * verification (a {@link JarFile} opened to verify, each entry read to its end so its digest is
 * checked), then each entry's signers compared with the trusted set. Signature files and the manifest
 * are the signature itself and are not signed; directories carry no content.
 */
public final class SignatureCheck {
  private final Set<Certificate> trusted;

  /** @param trusted the certificates whose signature is accepted (the signer's own, not a CA's) */
  public SignatureCheck(Set<Certificate> trusted) {
    this.trusted = Set.copyOf(trusted);
  }

  /**
   * The check for {@code arbor.install.trusted-certificates}: each file a PEM or DER X.509 certificate
   * (or several); empty when no file is listed, so that unsigned JARs install.
   */
  public static Optional<SignatureCheck> fromFiles(List<Path> files) {
    if (files.isEmpty()) {
      return Optional.empty();
    }
    Set<Certificate> trusted = new HashSet<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        trusted.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
      } catch (IOException | CertificateException e) {
        throw new InvalidArgumentException("arbor.install.trusted-certificates", "cannot read a certificate from " + file + ": " + e.getMessage());
      }
    }
    return Optional.of(new SignatureCheck(trusted));
  }

  public void check(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), true)) {
      Enumeration<JarEntry> entries = file.entries();
      byte[] buffer = new byte[8192];
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || isSignatureFile(entry.getName())) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          while (in.read(buffer) >= 0) {
            // reading to the end makes the JarFile check the entry's digest against the signed manifest
          }
        }
        if (!signedByTrusted(entry.getCodeSigners())) {
          throw new InstallException(Reason.UNSIGNED, ArchiveCheck.shown(entry.getName()), "Entry '"
              + ArchiveCheck.shown(entry.getName()) + "' is not signed by a trusted certificate (arbor.install.trusted-certificates).");
        }
      }
    } catch (SecurityException e) {
      throw new InstallException(Reason.UNSIGNED, "source", "The JAR's signature does not verify: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InstallException(Reason.CORRUPT_ARCHIVE, "source", "The archive cannot be read as a JAR: " + e.getMessage(), e);
    }
  }

  private boolean signedByTrusted(CodeSigner[] signers) {
    if (signers == null) {
      return false;
    }
    for (CodeSigner signer : signers) {
      List<? extends Certificate> chain = signer.getSignerCertPath().getCertificates();
      if (!chain.isEmpty() && trusted.contains(chain.get(0))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSignatureFile(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.equals("META-INF/MANIFEST.MF")
        || (upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
            && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-")));
  }
}
