package io.arbor.runtime.cluster;

import com.typesafe.config.Config;
import io.arbor.runtime.TestArbor;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The cluster contract on PostgreSQL; runs when ARBOR_TEST_POSTGRES_URL is set (.ci/run sets it). */
@EnabledIfEnvironmentVariable(
    named = "ARBOR_TEST_POSTGRES_URL",
    matches = "jdbc:postgresql:.+",
    disabledReason = "PostgreSQL tests skipped: set ARBOR_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test to run them")
class ClusterPostgresTest extends ClusterContract {
  @Override
  protected Config database() {
    return TestArbor.database(System.getenv("ARBOR_TEST_POSTGRES_URL"), System.getenv().getOrDefault("ARBOR_TEST_POSTGRES_USER", "postgres"));
  }
}
