package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static io.arbor.runtime.TestArbor.inMemory;
import static io.arbor.runtime.TestArbor.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.RestartStrategy;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.health.PluginHealth;
import io.arbor.runtime.registry.PluginStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a misbehaving plugin can do to the runtime: nothing beyond its own failure. */
class PluginFaultsTest {

  @Test
  void aNullStateHandedOnIsThatPluginsFailureNotTheNextOnes() {
    PluginDescriptor nulls = PluginDescriptor.builder("nulls", TRAIL).priority(5).build();
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL)
        .plugin(appender("before", 0), plugin(nulls, (String state, CallContext context) -> Step.next(null)),
            appender("after", 9))
        .start()) {
      CallResult<String> result = await(arbor.call(TRAIL, "in"));
      assertEquals("in>before>after", result.state(), "the chain goes on with the state from before the plugin");
      assertEquals(List.of("before", "after"), result.ran());
      assertEquals(1, result.failures().size(), result.toString());
      assertEquals("nulls", result.failures().get(0).plugin());
      assertEquals(PluginFailure.Kind.INVALID_STATE, result.failures().get(0).kind());
    }
  }

  @Test
  void aStateOfTheWrongTypeNeverReachesTheCaller() {
    PluginDescriptor wrong = PluginDescriptor.builder("wrong", TRAIL).build();
    @SuppressWarnings({"unchecked", "rawtypes"})
    Plugin<String> handsOnAnInteger = (Plugin) (Plugin<Object>) (state, context) -> Step.halt(42);
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(plugin(wrong, handsOnAnInteger)).start()) {
      CallResult<String> result = await(arbor.call(TRAIL, "in"));
      String state = result.state(); // a ClassCastException here when the Integer got through
      assertEquals("in", state);
      assertFalse(result.halted());
      assertEquals(PluginFailure.Kind.INVALID_STATE, result.failures().get(0).kind());
      assertTrue(result.failures().get(0).message().contains("java.lang.Integer"), result.failures().get(0).message());
    }
  }

  @Test
  void aPluginWhoseStartAlwaysThrowsWithAHugeRestartLimitGivesUpWithoutHarmingTheProcess() {
    AtomicInteger starts = new AtomicInteger();
    // Past about 2,000 attempts a recursive restart overflowed the stack and Pekko exited the JVM.
    PluginDescriptor failing = PluginDescriptor.builder("never-starts", TRAIL)
        .restart(RestartStrategy.immediate(5000, Duration.ofHours(1))).build();
    PluginDefinition<String> definition = PluginDefinition.of(failing, () -> new Plugin<String>() {
      @Override
      public Step<String> call(String state, CallContext context) {
        return Step.next(state);
      }

      @Override
      public void start(PluginContext context) {
        starts.incrementAndGet();
        throw new IllegalStateException("cannot start");
      }
    });
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(definition, appender("fine", 0)).start()) {
      eventually("the plugin is marked failed", () -> await(arbor.plugin("never-starts")).orElseThrow().status() == PluginStatus.FAILED);
      assertEquals(5001, starts.get(), "every attempt the strategy allows, then no more");
      assertEquals("x>fine", await(arbor.call(TRAIL, "x")).state());
    }
  }

  @Test
  void aCallersSlowContinuationRunsOffThePluginsThreadsAndHoldsUpNoCall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    PluginDescriptor only = PluginDescriptor.builder("only", TRAIL).timeout(Duration.ofMillis(500)).build();
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender(only)).start()) {
      CompletableFuture<String> thread = arbor.call(TRAIL, "a").thenApply(result -> Thread.currentThread().getName())
          .toCompletableFuture();
      assertTrue(thread.get(5, TimeUnit.SECONDS).contains("arbor.caller-dispatcher"), thread.get());
      CompletableFuture<Void> blocking = arbor.call(TRAIL, "b").thenAccept(result -> {
        try {
          release.await(); // a caller's code that blocks
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }).toCompletableFuture();
      CallResult<String> next = arbor.call(TRAIL, "c").toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertTrue(next.clean(), "the plugin was not held by the caller's code: " + next);
      assertFalse(blocking.isDone());
      release.countDown();
      blocking.get(5, TimeUnit.SECONDS);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aPluginThatKeepsOverrunningItsTimeoutGivesUpUnderItsRestartStrategy() {
    PluginDescriptor slow = PluginDescriptor.builder("overruns", TRAIL).timeout(Duration.ofMillis(100))
        .restart(RestartStrategy.immediate(2, Duration.ofMinutes(1))).build();
    Config config = ConfigFactory.parseString("arbor.max-stuck-threads = 10").withFallback(inMemory());
    try (Arbor arbor = Arbor.builder().config(config).event(TRAIL).plugin(plugin(slow, (String state, CallContext context) -> {
      Thread.sleep(300); // returns, but always well past its timeout
      return Step.next(state + ">late");
    })).start()) {
      eventually("the plugin is marked failed", () -> {
        await(arbor.call(TRAIL, "x"));
        return await(arbor.plugin("overruns")).orElseThrow().status() == PluginStatus.FAILED;
      });
      List<String> reasons = await(arbor.history("overruns")).stream().map(change -> change.reason()).toList();
      assertTrue(reasons.get(reasons.size() - 1).contains("stuck in its code 3 times within PT1M"), reasons.toString());
    }
  }

  @Test
  void callsBeyondThePluginQueueLimitSkipItAtOnceInsteadOfQueueing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Config config = ConfigFactory.parseString("arbor.plugin-queue-limit = 50").withFallback(inMemory());
    PluginDescriptor slow = PluginDescriptor.builder("slow", TRAIL).timeout(Duration.ofSeconds(10)).build();
    try (Arbor arbor = Arbor.builder().config(config).event(TRAIL).plugin(plugin(slow, (String state, CallContext context) -> {
      release.await();
      return Step.next(state + ">slow");
    })).start()) {
      List<CompletableFuture<CallResult<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        calls.add(arbor.call(TRAIL, "in").toCompletableFuture());
        if (i % 100 == 0) {
          Thread.sleep(20); // the watchdog counts the queue every tick
        }
      }
      long refused = 0;
      for (CompletableFuture<CallResult<String>> call : calls.subList(1000, 2000)) {
        CallResult<String> result = call.get(2, TimeUnit.SECONDS); // well within the plugin's 10 s timeout
        assertEquals(PluginFailure.Kind.UNAVAILABLE, result.failures().get(0).kind());
        assertTrue(result.failures().get(0).message().contains("queue is full"), result.failures().get(0).message());
        refused++;
      }
      assertEquals(1000, refused);
      release.countDown();
      assertEquals("in>slow", calls.get(1).get(5, TimeUnit.SECONDS).state(), "a call queued within the limit still runs");
      eventually("the queue drains and calls reach the plugin again",
          () -> await(arbor.call(TRAIL, "after")).state().equals("after>slow"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void aStuckPluginIsReportedInHealthReplacedAndMarkedFailedWhenItKeepsPinningThreads() throws Exception {
    CountDownLatch forever = new CountDownLatch(1);
    AtomicInteger instances = new AtomicInteger();
    Config config = ConfigFactory.parseString(
        "arbor.max-stuck-threads = 2\narbor.plugin-dispatchers { sticky = arbor.blocking-plugin-dispatcher }")
        .withFallback(inMemory());
    PluginDescriptor sticky = PluginDescriptor.builder("sticky", TRAIL).timeout(Duration.ofMillis(200)).build();
    PluginDefinition<String> definition = PluginDefinition.of(sticky, () -> {
      instances.incrementAndGet();
      return (state, context) -> {
        if (state.equals("hang")) {
          forever.await();
        }
        return Step.next(state + ">sticky");
      };
    });
    try (Arbor arbor = Arbor.builder().config(config).event(TRAIL).plugin(definition).start()) {
      CallResult<String> first = await(arbor.call(TRAIL, "hang"));
      assertEquals(PluginFailure.Kind.TIMED_OUT, first.failures().get(0).kind());
      eventually("a fresh instance serves the calls", () -> await(arbor.call(TRAIL, "x")).state().equals("x>sticky"));
      assertEquals(2, instances.get());
      PluginHealth health = await(arbor.pluginHealth("sticky"));
      assertFalse(health.healthy(), "one of its threads is still stuck");
      assertTrue(health.probe().detail().contains("stuck in its code"), health.toString());
      assertFalse(await(arbor.health(TRAIL.name())).healthy());

      await(arbor.call(TRAIL, "hang")); // the second stuck thread
      eventually("the plugin is marked failed", () -> await(arbor.plugin("sticky")).orElseThrow().status() == PluginStatus.FAILED);
      List<String> reasons = await(arbor.history("sticky")).stream().map(change -> change.reason()).toList();
      assertTrue(reasons.get(reasons.size() - 1).contains("2 threads stuck in its code"), reasons.toString());
      assertEquals("y", await(arbor.call(TRAIL, "y")).state(), "the chain goes on without it");
      forever.countDown(); // the stuck threads return, so close() need not wait for them
    } finally {
      forever.countDown();
    }
  }
}
