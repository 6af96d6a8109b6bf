package io.arbor.runtime.health;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.PluginStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node's status and info as it runs, is paused, drains and closes. */
class NodeInfoTest {
  @Test
  void theStatusFollowsTheNodeFromRunningThroughPausedAndDrainingToStopping() {
    Arbor arbor = Arbor.builder().config(TestArbor.inMemory().withFallback(ConfigFactory.parseMap(
        Map.of("arbor.node-name", "node-7")))).event(TRAIL).plugin(appender("a", 1), appender("b", 2, "a")).start();
    NodeInfo running = await(arbor.info());
    assertEquals(NodeStatus.RUNNING, running.status());
    assertEquals("started", running.reason());
    assertEquals("node-7", running.node());
    assertEquals(Map.of(PluginStatus.STARTED, 2), running.plugins());
    assertEquals(arbor.appliedVersion(), running.appliedVersion());
    assertNull(running.lastError());
    assertTrue(running.status().ready() && running.status().live());

    await(arbor.stop("a"));
    assertEquals(Map.of(PluginStatus.STOPPED, 1, PluginStatus.HELD, 1), await(arbor.info()).plugins());

    await(arbor.pauseAll());
    NodeInfo paused = await(arbor.info());
    assertEquals(NodeStatus.PAUSED, paused.status());
    assertFalse(paused.status().ready(), "not ready while paused");
    await(arbor.resumeAll());
    assertEquals(NodeStatus.RUNNING, await(arbor.info()).status());

    await(arbor.drain());
    NodeInfo draining = await(arbor.info());
    assertEquals(NodeStatus.DRAINING, draining.status());
    assertEquals("drained by the application", draining.reason());
    assertFalse(draining.status().ready());

    arbor.close();
    NodeInfo closed = await(arbor.info());
    assertEquals(NodeStatus.STOPPING, closed.status(), "a closed Arbor still answers info()");
    assertNull(closed.lastError(), "a close is not an error");
  }
}
