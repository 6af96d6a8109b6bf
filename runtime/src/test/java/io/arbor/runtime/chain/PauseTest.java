package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.arbor.plugin.EventType;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.LifecycleChange;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pausing and resuming calls, per event and for the whole runtime: refused at once, journaled, kept across restarts. */
class PauseTest {
  private static final EventType<String> OTHER = EventType.of("other", String.class);

  @TempDir
  Path dir;

  private static PausedException refused(Arbor arbor, EventType<String> event) {
    CompletionException failed = assertThrows(CompletionException.class, () -> arbor.call(event, "in").toCompletableFuture().join());
    return assertInstanceOf(PausedException.class, failed.getCause());
  }

  @Test
  void aPausedEventRefusesItsCallsAtOnceAndTheOthersRunOn() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL, OTHER).plugin(appender("a", 1)).start()) {
      await(arbor.pause("trail"));
      PausedException paused = refused(arbor, TRAIL);
      assertEquals("paused", paused.code());
      assertEquals("trail", paused.event());
      assertTrue(paused.getMessage().contains("event 'trail' is paused"), paused.getMessage());
      assertEquals("in", await(arbor.call(OTHER, "in")).state(), "another event is not paused");
      await(arbor.pause("trail")); // again: nothing to do

      await(arbor.resume("trail"));
      assertEquals("in>a", await(arbor.call(TRAIL, "in")).state());
      List<String> history = await(arbor.history()).stream().filter(change -> change.plugin() == null)
          .map(change -> change.kind() + " " + change.event() + ": " + change.reason()).toList();
      assertEquals(List.of("PAUSED trail: operator: pause event 'trail'", "RESUMED trail: operator: resume event 'trail'"), history);
    }
  }

  @Test
  void aPauseOfTheWholeRuntimeRefusesEveryEventUntilItEndsAndEventPausesStandOnTheirOwn() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL, OTHER).plugin(appender("a", 1)).start()) {
      await(arbor.pause("other"));
      await(arbor.pauseAll());
      assertTrue(refused(arbor, TRAIL).getMessage().contains("the runtime is paused"));
      refused(arbor, OTHER);
      await(arbor.resume("other"));
      refused(arbor, OTHER); // the whole runtime still is
      await(arbor.resumeAll());
      assertEquals("in>a", await(arbor.call(TRAIL, "in")).state());
      assertEquals("in", await(arbor.call(OTHER, "in")).state());
      assertNull(await(arbor.history()).stream().filter(change -> change.kind() == LifecycleChange.Kind.PAUSED)
          .map(LifecycleChange::plugin).filter(plugin -> plugin != null).findFirst().orElse(null));
    }
  }

  @Test
  void aPauseIsJournaledAndSurvivesARestart() {
    Config journal = TestArbor.database("jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath(), "sa", "arbor-pause");
    try (Arbor arbor = Arbor.builder().config(journal).event(TRAIL).plugin(appender("a", 1)).start()) {
      await(arbor.pause("trail"));
    }
    try (Arbor arbor = Arbor.builder().config(journal).event(TRAIL).plugin(appender("a", 1)).start()) {
      refused(arbor, TRAIL);
      assertEquals(List.of("trail"), List.copyOf(await(arbor.registryState()).paused()));
      await(arbor.resume("trail"));
      assertEquals("in>a", await(arbor.call(TRAIL, "in")).state());
    }
  }
}
