package io.arbor.runtime.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
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
    assertEquals("jdbc:h2:file:./arbor-data/arbor;WRITE_DELAY=0;RETENTION_TIME=0", complete.getString(SLICK + ".db.url"));
    assertEquals("org.h2.Driver", complete.getString(SLICK + ".db.driver"));
    PersistenceConfig.requireComplete(complete);
  }

  @Test
  void h2OnDiskIsMadeDurableAndCompactableInMemoryAndServersAreNot() {
    assertEquals("jdbc:h2:./x;WRITE_DELAY=0;RETENTION_TIME=0", PersistenceConfig.h2FileSettings("jdbc:h2:./x"));
    assertEquals("jdbc:h2:~/x;WRITE_DELAY=0;RETENTION_TIME=0", PersistenceConfig.h2FileSettings("jdbc:h2:~/x"));
    assertEquals("jdbc:h2:file:/x;WRITE_DELAY=100;RETENTION_TIME=0", PersistenceConfig.h2FileSettings("jdbc:h2:file:/x;WRITE_DELAY=100"));
    assertEquals("jdbc:h2:file:/x;retention_time=5000;WRITE_DELAY=0", PersistenceConfig.h2FileSettings("jdbc:h2:file:/x;retention_time=5000"));
    assertEquals("jdbc:h2:mem:x", PersistenceConfig.h2FileSettings("jdbc:h2:mem:x"));
    assertEquals("jdbc:h2:tcp://h/x", PersistenceConfig.h2FileSettings("jdbc:h2:tcp://h/x"));
    assertEquals("jdbc:postgresql://h/x", PersistenceConfig.h2FileSettings("jdbc:postgresql://h/x"));
  }

  @Test
  void errorsNameTheH2FileAsH2ResolvesItAndNeverThePassword() {
    assertEquals(Path.of("arbor-data/arbor.mv.db").toAbsolutePath().normalize(),
        JournalDatabase.h2File("jdbc:h2:file:./arbor-data/arbor;WRITE_DELAY=0"));
    assertEquals(Path.of(System.getProperty("user.home"), "x.mv.db"), JournalDatabase.h2File("jdbc:h2:~/x"));
    assertEquals("jdbc:postgresql://h/db?user=a&password=***&ssl=true",
        JournalDatabase.redacted("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"));
    assertEquals("jdbc:h2:file:/x;PASSWORD=***", JournalDatabase.redacted("jdbc:h2:file:/x;PASSWORD=secret"));
  }
}
