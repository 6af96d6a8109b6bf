package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** start() returns only once every plugin in the declared events' chains has run its start() hook. */
class StartBarrierTest {

  /** A plugin whose start() takes a while, as one that opens a connection would. */
  private static PluginDefinition<String> slowStarter(String name, AtomicInteger started) {
    return PluginDefinition.of(PluginDescriptor.builder(name, TRAIL).build(), () -> new Plugin<String>() {
      @Override
      public void start(PluginContext context) throws InterruptedException {
        Thread.sleep(300);
        started.incrementAndGet();
      }

      @Override
      public Step<String> call(String state, CallContext context) {
        return Step.next(state);
      }
    });
  }

  @Test
  void startWaitsForEveryPluginsStartHook() {
    AtomicInteger started = new AtomicInteger();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(slowStarter("slow-1", started), slowStarter("slow-2", started)).start()) {
      assertEquals(2, started.get(), "both start hooks had run when start() returned");
      assertTrue(TestArbor.await(arbor.health()).healthy());
    }
  }
}
