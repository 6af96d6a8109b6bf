package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A drain admits no new call and completes once every admitted call has ended: none is lost, none is cut short. */
class DrainTest {
  /** A plugin whose calls wait for the latch: calls in flight for as long as the test wants. */
  private static Arbor.Builder withGate(CountDownLatch gate) {
    return Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(appender("first", 1))
        .plugin(PluginDescriptor.builder("gate", TRAIL).priority(2).timeout(Duration.ofSeconds(20)).build(), () -> (state, context) -> {
          try {
            gate.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Step.next(state + ">gate");
        });
  }

  @Test
  void aDrainRefusesNewCallsAndCompletesOnceEveryAdmittedCallHasEnded() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (Arbor arbor = withGate(gate).start()) {
      List<CompletableFuture<CallResult<String>>> admitted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        admitted.add(arbor.call(TRAIL, "in").toCompletableFuture());
      }
      CompletableFuture<Void> drained = arbor.drain().toCompletableFuture();
      Thread.sleep(200);
      assertFalse(drained.isDone(), "calls are still running");
      CompletionException refused = assertThrows(CompletionException.class, () -> arbor.call(TRAIL, "late").toCompletableFuture().join());
      assertEquals("draining", assertInstanceOf(DrainingException.class, refused.getCause()).code());

      gate.countDown();
      drained.get(10, TimeUnit.SECONDS);
      for (CompletableFuture<CallResult<String>> call : admitted) {
        assertTrue(call.isDone(), "every admitted call was answered before the drain completed");
        assertEquals("in>first>gate", call.join().state(), "served whole");
      }
    }
  }

  @Test
  void closeDrainsBeforeItStops() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Arbor arbor = withGate(gate).start();
    CompletableFuture<String> running = arbor.call(TRAIL, "in").toCompletableFuture().thenApply(result -> result.state());
    CompletableFuture<Void> closed = CompletableFuture.runAsync(arbor::close);
    Thread.sleep(200);
    assertFalse(closed.isDone(), "close waits for the call running");
    gate.countDown();
    closed.get(20, TimeUnit.SECONDS);
    assertEquals("in>first>gate", running.get(1, TimeUnit.SECONDS));
    assertTrue(running.isDone() && !running.isCompletedExceptionally());
  }
}
