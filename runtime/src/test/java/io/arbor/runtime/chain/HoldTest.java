package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.PauseMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pause that holds calls: they wait for the resume and run in the order they came; too many, or too long, fail clearly. */
class HoldTest {
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private Arbor start(String holdLimit, String holdTimeout) {
    return Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.pause.hold-limit", holdLimit, "arbor.pause.hold-timeout", holdTimeout))
            .withFallback(TestArbor.inMemory()))
        .event(TRAIL)
        .plugin(PluginDescriptor.builder("recorder", TRAIL).build(), () -> (String state, CallContext context) -> {
          ran.add(state);
          return Step.next(state + ">ran");
        })
        .start();
  }

  @Test
  void heldCallsWaitForTheResumeAndRunInTheOrderTheyCame() throws Exception {
    try (Arbor arbor = start("100", "20s")) {
      await(arbor.pause("trail", PauseMode.HOLD));
      List<CompletableFuture<?>> held = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        held.add(arbor.call(TRAIL, "call-" + i).toCompletableFuture());
      }
      Thread.sleep(200);
      assertTrue(ran.isEmpty(), "nothing ran while paused");
      assertFalse(held.get(0).isDone());

      await(arbor.resume("trail"));
      CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        expected.add("call-" + i);
      }
      assertEquals(expected, ran, "served in the order they came");
    }
  }

  @Test
  void aCallHeldTooLongOrBeyondTheLimitFailsAsPausedSayingWhy() throws Exception {
    try (Arbor arbor = start("2", "300ms")) {
      await(arbor.pause("trail", PauseMode.HOLD));
      CompletableFuture<?> first = arbor.call(TRAIL, "a").toCompletableFuture();
      CompletableFuture<?> second = arbor.call(TRAIL, "b").toCompletableFuture();
      CompletionException full = assertThrows(CompletionException.class, () -> arbor.call(TRAIL, "c").toCompletableFuture().join());
      assertTrue(assertInstanceOf(PausedException.class, full.getCause()).getMessage().contains("2 calls are held already"));

      TestArbor.eventually("the held calls time out", () -> first.isDone() && second.isDone());
      CompletionException late = assertThrows(CompletionException.class, first::join);
      PausedException timedOut = assertInstanceOf(PausedException.class, late.getCause());
      assertTrue(timedOut.getMessage().contains("held 300 ms"), timedOut.getMessage());
      assertThrows(CompletionException.class, second::join);
      assertTrue(ran.isEmpty());

      await(arbor.resume("trail"));
      assertEquals("d>ran", await(arbor.call(TRAIL, "d")).state());
    }
  }

  @Test
  void heldCallsFailAtOnceWhenTheNodeDrainsSinceNoResumeWouldStartThemThere() throws Exception {
    try (Arbor arbor = start("100", "20s")) {
      await(arbor.pause("trail", PauseMode.HOLD));
      CompletableFuture<?> held = arbor.call(TRAIL, "a").toCompletableFuture();
      await(arbor.drain());
      CompletionException failed = assertThrows(CompletionException.class, held::join);
      assertInstanceOf(DrainingException.class, failed.getCause());
      assertInstanceOf(DrainingException.class,
          assertThrows(CompletionException.class, () -> arbor.call(TRAIL, "b").toCompletableFuture().join()).getCause());
    }
  }

  @Test
  void theConfiguredModeDecidesWhenThePauseNamesNone() throws Exception {
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseString("arbor.pause.events { trail = hold }").withFallback(TestArbor.inMemory()))
        .event(TRAIL)
        .plugin(PluginDescriptor.builder("recorder", TRAIL).build(), () -> (String state, CallContext context) -> Step.next(state + ">ran"))
        .start()) {
      await(arbor.pause("trail"));
      CompletableFuture<?> held = arbor.call(TRAIL, "a").toCompletableFuture();
      Thread.sleep(100);
      assertFalse(held.isDone(), "held, as configured for trail");
      await(arbor.resume("trail"));
      held.get(5, TimeUnit.SECONDS);
    }
  }
}
