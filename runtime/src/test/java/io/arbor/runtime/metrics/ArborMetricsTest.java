package io.arbor.runtime.metrics;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ArborMetrics on an application's own registry: counts across restarts, and the handover between two of them. */
class ArborMetricsTest {
  private static double calls(MeterRegistry registry, String plugin) {
    return registry.get(ArborMetricNames.PLUGIN_CALLS).tag("plugin", plugin).functionCounter().count();
  }

  @Test
  void countsSurviveEveryRestartAndARestartedPluginKeepsNoMeterOfItsOldActors() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("audit", 10)).start();
        ArborMetrics metrics = new ArborMetrics(arbor, Duration.ofSeconds(10), 5)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      metrics.bindTo(registry);
      int calls = 0;
      for (int restart = 0; restart < 20; restart++) {
        for (int i = 0; i < 5; i++, calls++) {
          await(arbor.call(TRAIL, "in"));
        }
        await(arbor.restart("audit"));
      }
      int expected = calls;
      assertEquals(expected, calls(registry, "audit"), "every answered hop, across 20 actors");
      eventually("the stopped actors' meters are folded and let go", () -> metrics.series("audit").liveCells() <= 2);
      assertEquals(expected, calls(registry, "audit"), "folding loses and doubles nothing");
      assertThrows(IllegalStateException.class, () -> metrics.bindTo(new SimpleMeterRegistry()), "bound once");
    }
  }

  @Test
  void closingTheReplacedMetricsLeavesTheirSuccessorObserving() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("audit", 10)).start()) {
      SimpleMeterRegistry first = new SimpleMeterRegistry();
      SimpleMeterRegistry second = new SimpleMeterRegistry();
      ArborMetrics replaced = new ArborMetrics(arbor, Duration.ofSeconds(10), 5);
      replaced.bindTo(first);
      await(arbor.call(TRAIL, "in"));
      try (ArborMetrics current = new ArborMetrics(arbor, Duration.ofSeconds(10), 5)) {
        current.bindTo(second); // logs that it takes over
        replaced.close();
        await(arbor.call(TRAIL, "in"));
        await(arbor.call(TRAIL, "in"));
        assertEquals(1, calls(first, "audit"), "the first saw the call before the handover only");
        assertEquals(2, calls(second, "audit"), "still observed after the replaced metrics closed");
      }
      await(arbor.call(TRAIL, "in"));
      assertEquals(2, calls(second, "audit"), "closed: observes nothing");
      assertTrue(arbor.chain("trail").isPresent());
    }
  }
}
