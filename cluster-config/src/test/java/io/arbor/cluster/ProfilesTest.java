package io.arbor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import org.junit.jupiter.api.Test;

/** The profiles resolve to a complete persistence configuration for their database. */
class ProfilesTest {

  private static Config profile(String resource) {
    return Arbor.configuration(ConfigFactory.parseResources(resource));
  }

  @Test
  void postgresProfileSelectsThePostgresDriverAndProfile() {
    Config config = profile("arbor-postgres.conf");
    assertTrue(config.getString("arbor.persistence.url").startsWith("jdbc:postgresql:"));
    assertEquals("org.postgresql.Driver", config.getString("pekko-persistence-jdbc.shared-databases.slick.db.driver"));
    assertEquals("slick.jdbc.PostgresProfile$", config.getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
    assertEquals(8, config.getInt("pekko-persistence-jdbc.shared-databases.slick.db.maxConnections"));
  }

  @Test
  void singleNodeProfileIsADurableH2File() {
    Config config = profile("arbor-single-node.conf");
    String url = config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url");
    assertTrue(url.startsWith("jdbc:h2:file:") && url.endsWith(";WRITE_DELAY=0;RETENTION_TIME=0"), url);
    assertEquals("org.h2.Driver", config.getString("pekko-persistence-jdbc.shared-databases.slick.db.driver"));
  }
}
