package io.arbor.runtime.install;

import java.nio.file.Path;

/** The store in an H2 file, the default journal database. */
class DatabaseArtifactStoreH2Test extends ArtifactStoreContract {
  private String url;

  @Override
  protected ArtifactStore store(Path dir) {
    url = "jdbc:h2:" + dir.resolve("artifacts").toAbsolutePath();
    return new DatabaseArtifactStore(url, "sa", "");
  }

  @Override
  protected void damage(ArtifactStore store, String sha256) throws Exception {
    DatabaseDamage.flipAByte(url, "sa", "", sha256);
  }
}
