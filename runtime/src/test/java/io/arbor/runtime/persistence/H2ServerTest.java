package io.arbor.runtime.persistence;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.ChildJvm;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.KillTarget;
import io.arbor.runtime.registry.PluginStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 database served over TCP (the local cluster's journal) is a server database to Arbor, like
 * PostgreSQL: nothing meant for an embedded file (crash scan, compaction, the lock message naming a
 * local file) applies to a {@code jdbc:h2:tcp:} URL.
 */
class H2ServerTest {
  @TempDir Path directory;
  private Server server;

  @BeforeEach
  void startServer() throws Exception {
    server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", directory.toString()).start();
  }

  @AfterEach
  void stopServer() {
    server.stop();
  }

  private String url(String database) {
    return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + database;
  }

  @Test
  void aRegistryOnAnH2ServerSurvivesARestartAndLivesInTheServersFile() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.database(url("journal"), "sa", "server-registry")).event(TRAIL).plugin(appender("a", 1)).start()) {
      arbor.stop("a").toCompletableFuture().join();
    }
    try (Arbor arbor = Arbor.builder().config(TestArbor.database(url("journal"), "sa", "server-registry")).event(TRAIL).plugin(appender("a", 1)).start()) {
      assertEquals(PluginStatus.STOPPED, arbor.plugin("a").toCompletableFuture().join().orElseThrow().status());
    }
    assertTrue(Files.isRegularFile(directory.resolve("journal.mv.db")), "the server holds the database in its base directory");
  }

  @Test
  void aServerWhoseFileIsLockedElsewhereIsReportedUnavailableNamingTheUrlNotALocalFile() throws Exception {
    String file = "jdbc:h2:file:" + directory.resolve("held").toAbsolutePath();
    try (ChildJvm holder = ChildJvm.start(KillTarget.class, file, "holder")) {
      assertTrue(holder.awaitLine("ACK ", Duration.ofSeconds(90)) != null, "the holder did not start:\n" + holder.output());

      DatabaseUnavailableException error = assertThrows(DatabaseUnavailableException.class,
          () -> Arbor.builder().config(TestArbor.database(url("held"), "sa")).event(TRAIL).plugin(appender("a", 1)).start());
      assertTrue(error.getMessage().contains(url("held")), error.getMessage());
      assertFalse(error.getMessage().contains("tcp:/127"), "no file path made of the URL: " + error.getMessage());
    }
  }
}
