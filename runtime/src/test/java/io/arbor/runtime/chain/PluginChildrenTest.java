package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** A plugin's child actors (Malla's child_via / child_whereis): found by name, stopped and started again with their plugin. */
class PluginChildrenTest {
  private final List<String> lifecycle = new CopyOnWriteArrayList<>();
  private final AtomicInteger instances = new AtomicInteger();

  /** Spawns a child named "worker" at start; each call answers with the child it finds by that name. */
  private final class Parent implements Plugin<String> {
    private PluginContext context;

    @Override
    public void start(PluginContext context) {
      this.context = context;
      context.spawn(worker("worker of instance " + instances.incrementAndGet()), "worker");
    }

    @Override
    public Step<String> call(String state, CallContext call) {
      if (state.equals("boom")) {
        throw new IllegalStateException("boom");
      }
      if (state.equals("again")) {
        try {
          context.spawn(worker("second"), "worker");
          return Step.next("spawned twice");
        } catch (IllegalArgumentException refused) {
          return Step.next(refused.getMessage());
        }
      }
      return Step.next(context.child("worker").isPresent() ? "found worker" : "no worker");
    }
  }

  private Behavior<String> worker(String label) {
    return Behaviors.setup(context -> {
      lifecycle.add("started " + label);
      return Behaviors.receive(String.class)
          .onSignal(PostStop.class, signal -> {
            lifecycle.add("stopped " + label);
            return Behaviors.same();
          })
          .build();
    });
  }

  private PluginDefinition<String> parent() {
    return PluginDefinition.of(PluginDescriptor.builder("parent", TRAIL).build(), Parent::new);
  }

  private void waitFor(String entry) {
    eventually(entry + " in " + lifecycle, () -> lifecycle.contains(entry));
  }

  @Test
  void childrenAreFoundByNameAndStopAndStartAgainWithTheirPlugin() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(parent()).start()) {
      assertEquals("found worker", await(arbor.call(TRAIL, "in")).state());
      assertEquals("plugin 'parent' already has a child named 'worker'", await(arbor.call(TRAIL, "again")).state());

      await(arbor.stop("parent"));
      waitFor("stopped worker of instance 1");
      await(arbor.enable("parent"));
      assertEquals("found worker", await(arbor.call(TRAIL, "in")).state());
      waitFor("started worker of instance 2");

      await(arbor.call(TRAIL, "boom")); // fails, and the plugin restarts with a fresh instance
      waitFor("stopped worker of instance 2");
      waitFor("started worker of instance 3");
      assertEquals("found worker", await(arbor.call(TRAIL, "in")).state(), "the fresh instance's child took the name at once");

      await(arbor.configure("parent", Map.of("any", 1))); // no configure hook: restarted with the settings
      waitFor("stopped worker of instance 3");
      waitFor("started worker of instance 4");

      await(arbor.unregister("parent"));
      waitFor("stopped worker of instance 4");
      assertEquals(List.of(), lifecycle.stream().filter(entry -> entry.contains("second")).toList());
      assertTrue(lifecycle.indexOf("stopped worker of instance 1") < lifecycle.indexOf("started worker of instance 2"));
    }
  }
}
