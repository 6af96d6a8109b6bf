package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.ChildJvm;
import io.arbor.runtime.TestArbor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: a JVM that acknowledged a stop is killed with SIGKILL (no shutdown
 * hooks, no flush), and a cold start on the same database still finds the plugin stopped, same id.
 */
class KillDuringOperationTest {
  @TempDir Path directory;

  @Test
  void anAcknowledgedStopSurvivesKillDashNine() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath();
    String persistenceId = "kill-test-" + UUID.randomUUID();
    String ack;
    int exitCode;
    try (ChildJvm child = ChildJvm.start(KillTarget.class, url, persistenceId)) {
      ack = child.awaitLine("ACK ", Duration.ofSeconds(90));
      exitCode = child.kill();
      assertTrue(ack != null, "the child never acknowledged the stop; its output:\n" + child.output());
    }
    assertEquals(137, exitCode, "killed by SIGKILL");
    String id = ack.split(" ")[1];
    assertEquals("STOPPED", ack.split(" ")[2], ack);

    try (Arbor cold = Arbor.builder().config(TestArbor.database(url, "sa", persistenceId)).event(TRAIL)
        .plugin(appender("keeper", 1), appender("victim", 2)).start()) {
      PluginRecord victim = await(cold.plugin("victim")).orElseThrow();
      assertEquals(PluginStatus.STOPPED, victim.status());
      assertEquals(id, victim.id());
      assertEquals("in>keeper", await(cold.call(TRAIL, "in")).state());
    }
  }
}
