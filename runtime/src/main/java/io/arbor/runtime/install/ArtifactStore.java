package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where installed artifacts' bytes are kept so that every node and every restart can get them,
 * addressed by their SHA-256: storing the same bytes twice keeps one copy, and what is read back is
 * verified against its address, so a damaged or swapped copy is never loaded.
 */
public interface ArtifactStore {

  /** The store {@code arbor.install} configures: the shared directory if one is set, else the journal's database. */
  static ArtifactStore from(InstallSettings settings, String databaseUrl, String user, String password) {
    return settings.storeDirectory() != null
        ? new DirectoryArtifactStore(settings.storeDirectory())
        : new DatabaseArtifactStore(databaseUrl, user, password);
  }

  /** Stores the file's bytes under their SHA-256 (a no-op when already there) and returns it, in lower-case hex. */
  String put(Path jar, String name, String version);

  /**
   * Copies the artifact to {@code target} (replacing it) once its bytes match {@code sha256}; empty when the
   * store does not have it.
   *
   * @throws InstallException {@code checksum_mismatch} when the stored bytes are not the artifact's any more
   */
  Optional<Path> copyTo(String sha256, Path target);

  /** Removes the artifact; false when it was not there. */
  boolean delete(String sha256);

  /** The SHA-256 of a file, in lower-case hex. */
  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in, OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new InstallException(Reason.CORRUPT_ARCHIVE, "source", "Cannot read " + file + ": " + e, e);
    }
  }

  /** Copies {@code in} to {@code out} and returns the SHA-256 of what was copied. */
  static String sha256(InputStream in, OutputStream out) throws IOException {
    MessageDigest digest = newDigest();
    try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
      digesting.transferTo(out);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Writes {@code in} to {@code target} through a temporary file beside it, moved into place only when
   * the bytes match {@code sha256}, so a reader never sees a partial or wrong file.
   */
  static Path verifiedCopy(InputStream in, String sha256, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".artifact-", ".part");
    try {
      String actual;
      try (OutputStream out = Files.newOutputStream(temporary)) {
        actual = sha256(in, out);
      }
      if (!actual.equals(sha256)) {
        throw new InstallException(Reason.CHECKSUM_MISMATCH, "sha256",
            "The stored artifact " + sha256 + " reads back as " + actual + ": the copy in the store is damaged or was replaced.");
      }
      return Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
