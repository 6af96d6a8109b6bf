package io.arbor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import java.time.Duration;
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

  @Test
  void clusterProfileRunsPekkoClusterWithKeepMajorityOnPostgres() {
    Config config = profile("arbor-cluster.conf");
    assertEquals("cluster", config.getString("pekko.actor.provider"));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider", config.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-majority", config.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertEquals(Duration.ofSeconds(7), config.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    assertEquals(25520, config.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(8558, config.getInt("pekko.management.http.port"));
    assertEquals("io.arbor.cluster.ArborReadinessCheck", config.getString("pekko.management.health-checks.readiness-checks.arbor"));
    assertTrue(config.getBoolean("arbor-node.management"));
    assertEquals("org.postgresql.Driver", config.getString("pekko-persistence-jdbc.shared-databases.slick.db.driver"));
  }

  @Test
  void localClusterProfileIsTheClusterOnTheH2Server() {
    Config config = profile("arbor-local-cluster.conf");
    assertEquals("cluster", config.getString("pekko.actor.provider"));
    assertEquals("jdbc:h2:tcp://127.0.0.1:25519/arbor", config.getString("pekko-persistence-jdbc.shared-databases.slick.db.url"),
        "a server URL gets none of the embedded file's settings");
    assertEquals("org.h2.Driver", config.getString("pekko-persistence-jdbc.shared-databases.slick.db.driver"));
    assertEquals("sa", config.getString("arbor.persistence.user"));
  }
}
