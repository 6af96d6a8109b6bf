package io.arbor.runtime.persistence;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.ChildJvm;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.KillTarget;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database Arbor cannot use fails the start at once, saying which database and what to do. */
class DatabaseAtStartTest {
  @TempDir Path directory;

  @Test
  void aSecondProcessOnTheSameH2FileIsToldTheFileIsLockedAndHowToChooseAnother() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath();
    try (ChildJvm first = ChildJvm.start(KillTarget.class, url, "first-process")) {
      assertTrue(first.awaitLine("ACK ", Duration.ofSeconds(90)) != null, "the first process did not start:\n" + first.output());

      DatabaseLockedException error = assertThrows(DatabaseLockedException.class,
          () -> Arbor.builder().config(TestArbor.database(url, "sa")).event(TRAIL).plugin(appender("a", 1)).start());
      assertEquals("database_locked", error.code());
      assertTrue(error.getMessage().contains(directory.resolve("arbor.mv.db").toAbsolutePath().toString()), error.getMessage());
      assertTrue(error.getMessage().contains("arbor.persistence.url"), error.getMessage());
      assertTrue(error.getMessage().contains("ARBOR_DB_URL"), error.getMessage());
    }
  }

  @Test
  void anUnreachableDatabaseFailsTheStartPromptlyNamingItWithoutThePassword() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/arbor?password=secret";

    DatabaseUnavailableException error = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(
        DatabaseUnavailableException.class, () -> Arbor.builder().config(TestArbor.database(url, "postgres")).start()));
    assertEquals("database_unavailable", error.code());
    assertTrue(error.getMessage().contains("jdbc:postgresql://127.0.0.1:" + closedPort + "/arbor"), error.getMessage());
    assertTrue(error.getMessage().contains("refused"), error.getMessage());
    assertFalse(error.getMessage().contains("secret"), error.getMessage());
  }
}
