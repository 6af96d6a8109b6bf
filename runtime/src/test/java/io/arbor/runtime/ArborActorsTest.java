package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.EventType;
import io.arbor.runtime.chain.ArborClosedException;
import io.arbor.runtime.health.NodeInfo;
import io.arbor.runtime.health.NodeStatus;
import io.arbor.runtime.registry.PluginStatus;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.Test;

/** No input stops Arbor's actors, and if they stop all the same, nothing waits for them. */
class ArborActorsTest {
  private static Arbor start() {
    return Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("a", 1)).start();
  }

  /** How {@code stage} failed, within {@code bound}: a hang fails the test. */
  private static Throwable failure(CompletionStage<?> stage, Duration bound) {
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> stage.toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS));
    return failed.getCause();
  }

  @Test
  void declaringNullIsRefusedNamingTheArgumentAndArborKeepsWorking() {
    try (Arbor arbor = start()) {
      InvalidArgumentException error = assertThrows(InvalidArgumentException.class, () -> arbor.declare(null));
      assertEquals("event", error.argument());

      assertEquals("in>a", await(arbor.call(TRAIL, "in")).state(), "calls still work");
      assertEquals(PluginStatus.STOPPED, await(arbor.stop("a")).status(), "operations still work");
      EventType<String> other = EventType.of("other", String.class);
      await(arbor.declare(other));
      assertEquals("in", await(arbor.call(other, "in")).state(), "and events can still be declared");
    }
  }

  @Test
  void whenArborsActorsAreStoppedCallsAndOperationsFailAtOnceSayingWhy() throws Exception {
    try (Arbor arbor = start()) {
      ActorRef guardian = Adapter.toClassic(arbor.system()).actorSelection("/system/arbor")
          .resolveOne(Duration.ofSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
      Adapter.toClassic(arbor.system()).stop(guardian); // from outside, as a failure would

      TestArbor.eventually("Arbor notices that its actors stopped",
          () -> arbor.plugins().toCompletableFuture().isCompletedExceptionally());
      Duration bound = Duration.ofSeconds(1);
      ArborClosedException call = assertInstanceOf(ArborClosedException.class, failure(arbor.call(TRAIL, "in"), bound));
      assertTrue(call.getMessage().contains("actors stopped"), call.getMessage());
      assertInstanceOf(ArborClosedException.class, failure(arbor.stop("a"), bound));
      assertInstanceOf(ArborClosedException.class, failure(arbor.plugins(), bound));
      assertInstanceOf(ArborClosedException.class, failure(arbor.declare(EventType.of("late", String.class)), bound));
      assertInstanceOf(ArborClosedException.class, failure(arbor.register(appender("b", 2)), bound));
      NodeInfo info = await(arbor.info());
      assertEquals(NodeStatus.FAILED, info.status(), "the node reports it failed");
      assertTrue(info.lastError().contains("actors stopped"), info.lastError());
      assertFalse(info.status().live());
    }
  }
}
