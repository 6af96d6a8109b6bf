package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node keeps the code of registered plugins only: unregistering, by any path, drops it. */
class UnregisteredCodeTest {
  private static final EventType<String> OTHER = EventType.of("other", String.class);

  @Test
  void unregisteringAPluginDropsItsCodeAndItCanBeRegisteredAgain() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("a", 1)).start()) {
      await(arbor.register(appender("b", 2)));
      assertTrue(arbor.catalog().contains("b"));
      await(arbor.unregister("b"));
      assertFalse(arbor.catalog().contains("b"), "the code of an unregistered plugin is dropped");
      assertTrue(arbor.catalog().contains("a"));

      await(arbor.register(appender("b", 2)));
      assertEquals("in>a>b", await(arbor.call(TRAIL, "in")).state());
      assertEquals(List.of(), await(arbor.missingCode()));
    }
  }

  @Test
  void unregisteringAnEventsPluginsOrAllDropsTheirCode() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL, OTHER)
        .plugin(appender("a", 1), appender("b", 2), appender(PluginDescriptor.builder("c", OTHER).build())).start()) {
      await(arbor.apply(Operation.UNREGISTER, Target.event(TRAIL.name())));
      assertFalse(arbor.catalog().contains("a") || arbor.catalog().contains("b"));
      assertTrue(arbor.catalog().contains("c"));
      await(arbor.apply(Operation.UNREGISTER, Target.all()));
      assertFalse(arbor.catalog().contains("c"));
    }
  }
}
