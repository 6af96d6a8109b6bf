package io.arbor.runtime.registry;

import com.typesafe.config.Config;
import io.arbor.runtime.TestArbor;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The same contract on PostgreSQL; runs when ARBOR_TEST_POSTGRES_URL is set (.ci/run sets it). */
@EnabledIfEnvironmentVariable(
    named = "ARBOR_TEST_POSTGRES_URL",
    matches = "jdbc:postgresql:.+",
    disabledReason = "PostgreSQL tests skipped: set ARBOR_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test "
        + "(and ARBOR_TEST_POSTGRES_USER, default postgres) to run them")
class RegistryPostgresTest extends RegistryPersistenceContract {
  @Override
  protected Config database() {
    String user = System.getenv().getOrDefault("ARBOR_TEST_POSTGRES_USER", "postgres");
    return TestArbor.database(System.getenv("ARBOR_TEST_POSTGRES_URL"), user);
  }
}
