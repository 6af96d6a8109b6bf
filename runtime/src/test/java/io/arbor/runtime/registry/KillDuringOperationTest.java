package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), KillTarget.class.getName(), url, persistenceId)
        .redirectErrorStream(true)
        .start();
    List<String> output = new ArrayList<>();
    CompletableFuture<String> acknowledged = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          output.add(line);
          if (line.startsWith("ACK ")) {
            return line;
          }
        }
        return null;
      } catch (Exception e) {
        return null;
      }
    }, runnable -> new Thread(runnable, "kill-target-output").start());
    String ack;
    try {
      ack = acknowledged.get(90, TimeUnit.SECONDS);
    } finally {
      process.destroyForcibly(); // SIGKILL on Linux
      process.waitFor(30, TimeUnit.SECONDS);
    }
    assertTrue(ack != null, "the child never acknowledged the stop; its output:\n" + String.join("\n", output));
    assertEquals(137, process.exitValue(), "killed by SIGKILL");
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
