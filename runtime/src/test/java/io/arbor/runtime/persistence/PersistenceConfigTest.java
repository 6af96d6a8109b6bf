package io.arbor.runtime.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class PersistenceConfigTest {
  private static final String SLICK = "pekko-persistence-jdbc.shared-databases.slick";

  @Test
  void theJournalUsesArborsDatabaseEvenWhenPekkoJdbcsDefaultsComeFirstOnTheClassPath() {
    // What the merged reference.conf files look like when pekko-persistence-jdbc's jar wins.
    Config pekkoJdbcFirst = ConfigFactory.parseString(String.join("\n",
        "jdbc-journal.use-shared-db = \"\"",
        "jdbc-snapshot-store.use-shared-db = \"\"",
        "jdbc-read-journal.use-shared-db = \"\"",
        SLICK + ".db { numThreads = 20, maxConnections = 20, minConnections = 20 }"))
        .withFallback(ConfigFactory.load());
    Config complete = PersistenceConfig.complete(pekkoJdbcFirst);
    assertEquals("slick", complete.getString("jdbc-journal.use-shared-db"));
    assertEquals("slick", complete.getString("jdbc-read-journal.use-shared-db"));
    assertEquals(4, complete.getInt(SLICK + ".db.maxConnections"));
    assertEquals("jdbc:h2:file:./arbor-data/arbor;WRITE_DELAY=0", complete.getString(SLICK + ".db.url"));
    assertEquals("org.h2.Driver", complete.getString(SLICK + ".db.driver"));
    PersistenceConfig.requireComplete(complete);
  }

  @Test
  void h2OnDiskIsMadeDurableInMemoryAndServersAreNot() {
    assertEquals("jdbc:h2:./x;WRITE_DELAY=0", PersistenceConfig.durable("jdbc:h2:./x"));
    assertEquals("jdbc:h2:~/x;WRITE_DELAY=0", PersistenceConfig.durable("jdbc:h2:~/x"));
    assertEquals("jdbc:h2:file:/x;WRITE_DELAY=100", PersistenceConfig.durable("jdbc:h2:file:/x;WRITE_DELAY=100"));
    assertEquals("jdbc:h2:mem:x", PersistenceConfig.durable("jdbc:h2:mem:x"));
    assertEquals("jdbc:h2:tcp://h/x", PersistenceConfig.durable("jdbc:h2:tcp://h/x"));
    assertEquals("jdbc:postgresql://h/x", PersistenceConfig.durable("jdbc:postgresql://h/x"));
  }
}
