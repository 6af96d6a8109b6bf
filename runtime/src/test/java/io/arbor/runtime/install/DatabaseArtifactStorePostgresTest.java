package io.arbor.runtime.install;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The store on PostgreSQL; runs when ARBOR_TEST_POSTGRES_URL is set (.ci/run sets it). */
@EnabledIfEnvironmentVariable(
    named = "ARBOR_TEST_POSTGRES_URL",
    matches = "jdbc:postgresql:.+",
    disabledReason = "PostgreSQL tests skipped: set ARBOR_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test "
        + "(and ARBOR_TEST_POSTGRES_USER, default postgres) to run them")
class DatabaseArtifactStorePostgresTest extends ArtifactStoreContract {
  private static final String URL = System.getenv("ARBOR_TEST_POSTGRES_URL");
  private static final String USER = System.getenv().getOrDefault("ARBOR_TEST_POSTGRES_USER", "postgres");

  @Override
  protected ArtifactStore store(Path dir) {
    try (Connection connection = DriverManager.getConnection(URL, USER, ""); Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS arbor_artifact"); // fresh storage for each test
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new DatabaseArtifactStore(URL, USER, "");
  }

  @Override
  protected void damage(ArtifactStore store, String sha256) throws Exception {
    DatabaseDamage.flipAByte(URL, USER, "", sha256);
  }
}
