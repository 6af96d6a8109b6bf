package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Artifacts as files {@code <sha256>.jar} in one directory, for a directory every node mounts (or one
 * node alone). A file appears only complete and verified: it is written beside and moved into place.
 */
public final class DirectoryArtifactStore implements ArtifactStore {
  private final Path directory;

  public DirectoryArtifactStore(Path directory) {
    this.directory = directory;
  }

  @Override
  public String put(Path jar, String name, String version) {
    String sha256 = ArtifactStore.sha256(jar);
    Path stored = file(sha256);
    if (!Files.exists(stored)) {
      try (InputStream in = Files.newInputStream(jar)) {
        ArtifactStore.verifiedCopy(in, sha256, stored);
      } catch (IOException e) {
        throw failed("store the artifact in", e);
      }
    }
    return sha256;
  }

  @Override
  public Optional<Path> copyTo(String sha256, Path target) {
    String address = SourcePolicy.admitSha256(sha256);
    try (InputStream in = Files.newInputStream(file(address))) {
      return Optional.of(ArtifactStore.verifiedCopy(in, address, target));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failed("read the artifact from", e);
    }
  }

  @Override
  public boolean delete(String sha256) {
    try {
      return Files.deleteIfExists(file(SourcePolicy.admitSha256(sha256)));
    } catch (IOException e) {
      throw failed("delete the artifact from", e);
    }
  }

  private InstallException failed(String what, IOException e) {
    return new InstallException(Reason.STORE_UNAVAILABLE, "store", "Cannot " + what + " " + directory + ": " + e, e);
  }

  private Path file(String sha256) {
    return directory.resolve(sha256 + ".jar");
  }
}
