package io.arbor.runtime.install;

import java.nio.file.Files;
import java.nio.file.Path;

class DirectoryArtifactStoreTest extends ArtifactStoreContract {
  private Path directory;

  @Override
  protected ArtifactStore store(Path dir) {
    directory = dir;
    return new DirectoryArtifactStore(dir);
  }

  @Override
  protected void damage(ArtifactStore store, String sha256) throws Exception {
    Path file = directory.resolve(sha256 + ".jar");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
  }
}
