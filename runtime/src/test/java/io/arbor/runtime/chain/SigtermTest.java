package io.arbor.runtime.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.ChildJvm;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a node process mid-load: Pekko's shutdown hook runs CoordinatedShutdown, Arbor drains,
 * and every call it had admitted is answered: none is lost.
 */
class SigtermTest {
  @Test
  void sigtermMidLoadLosesNoAdmittedCall() throws Exception {
    try (ChildJvm node = ChildJvm.start(DrainTarget.class)) {
      assertNotNull(node.awaitLine("READY", Duration.ofSeconds(60)), node.output());
      Thread.sleep(1500); // calls running: eight callers, queued at the one plugin actor, 20 ms each
      int exit = node.terminate(Duration.ofSeconds(30));
      String line = node.awaitLine("RESULT", Duration.ofSeconds(5));
      assertNotNull(line, "the child printed its count after the drain (exit " + exit + "):\n" + node.output());
      Map<String, Long> counts = new HashMap<>();
      for (String field : line.substring("RESULT ".length()).split(" ")) {
        counts.put(field.substring(0, field.indexOf('=')), Long.parseLong(field.substring(field.indexOf('=') + 1)));
      }
      assertTrue(counts.get("admitted") > 30 && counts.get("refused") > 0, "the load ran, and the drain refused what came after: " + line);
      assertEquals(0, counts.get("failed"), line + "\n" + node.output());
      assertEquals(counts.get("admitted"), counts.get("answered"), "every admitted call was answered: " + line);
    }
  }
}
