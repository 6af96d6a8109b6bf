package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static io.arbor.runtime.TestArbor.inMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.Arbor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** The lifecycle stream and the activity history, through a real runtime. */
class LifecycleStreamTest {

  private static Arbor start() {
    return Arbor.builder().config(inMemory()).event(TRAIL)
        .plugin(appender("base", 10), appender("child", 20, "base"), appender("grandchild", 30, "child"))
        .start();
  }

  private static String describe(LifecycleChange change) {
    return change.kind() + " " + change.plugin();
  }

  @Test
  void listenersSeeEveryChangeWithItsCauseInOrder() throws Exception {
    try (Arbor arbor = start()) {
      List<LifecycleChange> seen = new CopyOnWriteArrayList<>();
      try (AutoCloseable subscription = arbor.onLifecycleChange(seen::add)) {
        // A subscription reaches Pekko's event stream asynchronously: wait until changes arrive,
        // then only look at changes after this point.
        eventually("the listener is subscribed", () -> {
          await(arbor.restart("grandchild"));
          return !seen.isEmpty();
        });
        long baseline = await(arbor.registryState()).version();
        eventually("earlier changes have arrived", () -> seen.get(seen.size() - 1).version() == baseline);
        seen.clear();

        await(arbor.stop("base"));
        eventually("three changes", () -> seen.size() >= 3);
        assertEquals(List.of("STOPPED base", "HELD child", "HELD grandchild"), seen.stream().map(LifecycleStreamTest::describe).toList());
        LifecycleChange stopped = seen.get(0);
        assertEquals("trail", stopped.event());
        assertEquals(PluginStatus.STARTED, stopped.from());
        assertEquals(PluginStatus.STOPPED, stopped.to());
        assertEquals("operator: stop", stopped.reason());
        assertFalse(stopped.node().isBlank());
        assertTrue(seen.get(1).reason().contains("waiting for base"), seen.get(1).reason());
        assertEquals(stopped.version() + 1, seen.get(1).version());

        await(arbor.enable("base"));
        eventually("three more changes", () -> seen.size() >= 6);
        assertEquals(List.of("RESTARTED base", "RELEASED child", "RELEASED grandchild"),
            seen.subList(3, 6).stream().map(LifecycleStreamTest::describe).toList());

        await(arbor.unregister("grandchild"));
        eventually("the unregistration", () -> seen.size() >= 7);
        assertEquals("UNREGISTERED grandchild", describe(seen.get(6)));
      }
      int before = seen.size();
      await(arbor.stop("child"));
      Thread.sleep(300);
      assertEquals(before, seen.size(), "a closed subscription hears nothing more");
    }
  }

  @Test
  void actorsSubscribeThroughPekkosEventStream() {
    try (Arbor arbor = start()) {
      TestProbe<LifecycleChange> probe = TestProbe.create(arbor.system());
      arbor.subscribe(probe.getRef());
      eventually("the probe is subscribed", () -> {
        await(arbor.restart("base"));
        try {
          probe.expectMessageClass(LifecycleChange.class, Duration.ofMillis(200));
          return true;
        } catch (AssertionError notYet) {
          return false;
        }
      });
      await(arbor.stop("grandchild"));
      LifecycleChange change = probe.fishForMessage(Duration.ofSeconds(5), "the stop of grandchild",
          message -> describe(message).equals("STOPPED grandchild")
              ? FishingOutcomes.complete()
              : FishingOutcomes.continueAndIgnore()).get(0);
      assertEquals(PluginStatus.STOPPED, change.to());
    }
  }

  @Test
  void theActivityHistoryIsReadFromTheJournal() {
    try (Arbor arbor = start()) {
      await(arbor.stop("child"));
      await(arbor.enable("child"));
      List<LifecycleChange> history = await(arbor.history("child"));
      assertEquals(List.of("REGISTERED child", "STARTED child", "STOPPED child", "RESTARTED child"),
          history.stream().map(LifecycleStreamTest::describe).toList());
      assertEquals(PluginStatus.REGISTERED, history.get(0).to());
      assertEquals("started on registration", history.get(1).reason(), "its dependency base was already started");
      assertEquals(history.get(0).at(), history.get(1).at(), "one decision, one journal write");
      for (int i = 1; i < history.size(); i++) {
        assertTrue(history.get(i).version() > history.get(i - 1).version());
        assertFalse(history.get(i).at().isBefore(history.get(i - 1).at()));
      }
      List<LifecycleChange> all = await(arbor.history());
      assertTrue(all.size() > history.size());
      assertEquals(await(arbor.registryState()).version(), all.get(all.size() - 1).version(),
          "the history's last version is the registry's");
    }
  }
}
