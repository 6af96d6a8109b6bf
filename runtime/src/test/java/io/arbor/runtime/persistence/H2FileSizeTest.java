package io.arbor.runtime.persistence;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default embedded database stays small on its own: its file grows with what is journaled
 * (a few hundred bytes per lifecycle change), not by tens of kilobytes per write, both while Arbor
 * runs and after it closes. The history is all kept.
 */
class H2FileSizeTest {
  private static final int PLUGINS = 20;
  private static final int CHANGES = 4_000;
  /**
   * Far below the 18 to 21 KB a write cost before the file reused its space at once (RETENTION_TIME=0).
   * A change's payload is about 250 bytes since events carry their command's id; the file measured
   * 2,100 to 2,180 bytes per change with it (about 2,000 before), and has room here to vary.
   */
  private static final long MAX_BYTES_PER_CHANGE = 2_560;

  @TempDir Path directory;

  @Test
  void theFileGrowsWithTheJournalNotWithTheWrites() throws IOException {
    Path file = directory.resolve("arbor.mv.db");
    String url = "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath();
    List<PluginDefinition<?>> plugins = new ArrayList<>();
    for (int i = 0; i < PLUGINS; i++) {
      plugins.add(appender("p" + i, 50));
    }
    long whileRunning;
    try (Arbor arbor = Arbor.builder().config(TestArbor.database(url, "sa")).event(TRAIL)
        .plugin(plugins.toArray(PluginDefinition<?>[]::new)).start()) {
      for (int change = 0; change < CHANGES; change += 2) {
        String name = "p" + (change / 2) % PLUGINS;
        await(arbor.stop(name));
        await(arbor.enable(name));
      }
      whileRunning = Files.size(file);
      assertTrue(await(arbor.history()).size() >= CHANGES, "every change is kept in the history");
    }
    long afterClose = Files.size(file);
    assertTrue(whileRunning / CHANGES < MAX_BYTES_PER_CHANGE,
        "while running: " + whileRunning / CHANGES + " bytes per change (" + whileRunning + " bytes)");
    assertTrue(afterClose / CHANGES < MAX_BYTES_PER_CHANGE,
        "after close: " + afterClose / CHANGES + " bytes per change (" + afterClose + " bytes)");
  }
}
