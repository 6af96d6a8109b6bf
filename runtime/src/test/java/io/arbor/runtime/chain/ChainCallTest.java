package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static io.arbor.runtime.TestArbor.inMemory;
import static io.arbor.runtime.TestArbor.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.EventType;
import io.arbor.plugin.FailurePolicy;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.RestartStrategy;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.InvalidArgumentException;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** Calls through a real runtime: order, halt, options, failures and their isolation. */
class ChainCallTest {
  private static final EventType<String> OTHER = EventType.of("other", String.class);

  private static Arbor start(PluginDefinition<?>... plugins) {
    return Arbor.builder().config(inMemory()).event(TRAIL, OTHER).plugin(plugins).start();
  }

  private static CallResult<String> call(Arbor arbor, String state) {
    return await(arbor.call(TRAIL, state));
  }

  @Test
  void pluginsRunByPriorityThenNameWithDependenciesFirst() {
    try (Arbor arbor = start(
        appender("zeta", 10), appender("alpha", 10), appender("first", 0),
        appender("needs-late", 1, "late"), appender("late", 90))) {
      CallResult<String> result = call(arbor, "in");
      assertEquals("in>first>alpha>zeta>late>needs-late", result.state());
      assertEquals(List.of("first", "alpha", "zeta", "late", "needs-late"), result.ran());
      assertFalse(result.halted());
      assertTrue(result.clean());
      assertEquals(result.ran(), arbor.chain("trail").orElseThrow().plugins());
    }
  }

  @Test
  void anEventWithoutPluginsReturnsItsInputUnchanged() {
    try (Arbor arbor = start()) {
      CallResult<String> result = call(arbor, "untouched");
      assertEquals("untouched", result.state());
      assertEquals(List.of(), result.ran());
    }
  }

  @Test
  void haltEndsTheChainAndItsStateIsTheResult() {
    PluginDescriptor guard = PluginDescriptor.builder("guard", TRAIL).priority(20).build();
    try (Arbor arbor = start(appender("before", 10), appender("after", 30),
        plugin(guard, (String state, CallContext context) ->
            state.contains("blocked") ? Step.halt("denied") : Step.next(state + ">guard")))) {
      CallResult<String> halted = call(arbor, "blocked");
      assertEquals("denied", halted.state());
      assertEquals("guard", halted.haltedBy());
      assertEquals(List.of("before", "guard"), halted.ran());
      CallResult<String> passed = call(arbor, "ok");
      assertEquals("ok>before>guard>after", passed.state());
      assertNull(passed.haltedBy());
    }
  }

  @Test
  void metaReachesEveryPluginAndReturnInputGivesBackTheInputAfterSideEffects() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    PluginDescriptor spy = PluginDescriptor.builder("spy", TRAIL).priority(1).build();
    try (Arbor arbor = start(appender("a", 0), appender("b", 9),
        plugin(spy, (String state, CallContext context) -> {
          seen.add(context.meta().get("user"));
          return Step.next(state + ">spy");
        }))) {
      Object attachment = new Object();
      CallResult<String> result = await(arbor.call(TRAIL, "in",
          CallOptions.defaults().withMeta(Map.of("user", "ada")).withReturnInput(true).withAttachment(attachment)));
      assertEquals("in", result.state());
      assertEquals(List.of("a", "spy", "b"), result.ran());
      assertEquals(List.of("ada"), seen);
      assertSame(attachment, result.attachment());
      assertThrows(UnsupportedOperationException.class, () -> CallOptions.defaults().withMeta(Map.of("k", 1)).meta().put("x", 2));
    }
  }

  @Test
  void aThrowingPluginIsSkippedReportedAndRestartedAndLaterCallsAreFine() {
    AtomicInteger instances = new AtomicInteger();
    PluginDescriptor flaky = PluginDescriptor.builder("flaky", TRAIL).priority(5).build();
    PluginDefinition<String> definition = PluginDefinition.of(flaky, () -> {
      int instance = instances.incrementAndGet();
      return (state, context) -> {
        if (state.startsWith("boom")) {
          throw new IllegalStateException("boom in instance " + instance);
        }
        return Step.next(state + ">flaky#" + instance);
      };
    });
    try (Arbor arbor = start(appender("a", 0), definition, appender("z", 9))) {
      CallResult<String> failed = call(arbor, "boom");
      assertEquals("boom>a>z", failed.state(), "the chain went on with the state from before the failing plugin");
      assertEquals(List.of("a", "z"), failed.ran());
      assertEquals(1, failed.failures().size());
      PluginFailure failure = failed.failures().get(0);
      assertEquals("flaky", failure.plugin());
      assertEquals(PluginFailure.Kind.THREW, failure.kind());
      assertTrue(failure.message().contains("boom in instance 1"), failure.message());

      CallResult<String> later = call(arbor, "fine");
      assertEquals("fine>a>flaky#2>z", later.state(), "a fresh instance answers after the restart");
      assertTrue(later.clean());
      assertEquals(PluginStatus.STARTED, await(arbor.plugin("flaky")).orElseThrow().status());
    }
  }

  @Test
  void aPluginReturningNullIsAFailureToo() {
    PluginDescriptor broken = PluginDescriptor.builder("broken", TRAIL).build();
    try (Arbor arbor = start(plugin(broken, (String state, CallContext context) -> null))) {
      CallResult<String> result = call(arbor, "x");
      assertEquals("x", result.state());
      assertEquals(PluginFailure.Kind.RETURNED_NULL, result.failures().get(0).kind());
    }
  }

  @Test
  void aHangingPluginTimesOutWithinItsTimeoutWhileOtherEventsAreUnaffected() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Duration timeout = Duration.ofMillis(300);
    PluginDescriptor hanging = PluginDescriptor.builder("hanging", TRAIL).priority(5).timeout(timeout).build();
    PluginDefinition<String> hangs = plugin(hanging, (String state, CallContext context) -> {
      release.await();
      return Step.next(state + ">late");
    });
    PluginDefinition<String> elsewhere = appender(PluginDescriptor.builder("elsewhere", OTHER).build());
    try (Arbor arbor = start(appender("a", 0), hangs, appender("z", 9), elsewhere)) {
      long started = System.nanoTime();
      // Three calls: one hangs in the plugin, two wait behind it in its mailbox. The first times out;
      // the others time out too, or, once the plugin is found stuck, skip it at once as unavailable.
      List<CompletableFuture<CallResult<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(arbor.call(TRAIL, "in" + i).toCompletableFuture());
      }
      CallResult<String> other = arbor.call(OTHER, "meanwhile").toCompletableFuture().get(250, TimeUnit.MILLISECONDS);
      assertEquals("meanwhile>elsewhere", other.state(), "another event answers at once while the plugin hangs");

      for (int i = 0; i < 3; i++) {
        CallResult<String> result = calls.get(i).get(5, TimeUnit.SECONDS);
        assertEquals("in" + i + ">a>z", result.state());
        PluginFailure.Kind kind = result.failures().get(0).kind();
        assertTrue(i == 0 ? kind == PluginFailure.Kind.TIMED_OUT
            : kind == PluginFailure.Kind.TIMED_OUT || kind == PluginFailure.Kind.UNAVAILABLE, result.toString());
        assertEquals("hanging", result.failures().get(0).plugin());
      }
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(elapsedMillis < timeout.toMillis() + 400,
          "timed out after " + elapsedMillis + " ms; the timeout is " + timeout.toMillis() + " ms");
      assertEquals(1, release.getCount(), "the plugin was still hanging when the calls completed");
    } finally {
      release.countDown(); // let the plugin return before shutdown, which waits for its actor
    }
  }

  @Test
  void blockingPluginsOnADispatcherOfTheirOwnCannotStallOtherEvents() throws Exception {
    EventType<String> third = EventType.of("third", String.class);
    Blocker blocker = new Blocker(2);
    Plugin<String> blocking = blocker.plugin(">io");
    // The plugin dispatcher has as many threads as cores (two here): two plugins blocking on it would
    // leave none for the other event.
    Config config = ConfigFactory.parseString(
        "arbor.plugin-dispatchers { \"io.one\" = arbor.blocking-plugin-dispatcher, \"io.two\" = arbor.blocking-plugin-dispatcher }")
        .withFallback(inMemory());
    try (Arbor arbor = Arbor.builder().config(config).event(TRAIL, OTHER, third)
        .plugin(plugin(PluginDescriptor.builder("io.one", TRAIL).build(), blocking),
            plugin(PluginDescriptor.builder("io.two", third).build(), blocking),
            appender(PluginDescriptor.builder("elsewhere", OTHER).build()))
        .start()) {
      CompletableFuture<CallResult<String>> one = arbor.call(TRAIL, "1").toCompletableFuture();
      CompletableFuture<CallResult<String>> two = arbor.call(third, "2").toCompletableFuture();
      assertTrue(blocker.blocked.await(5, TimeUnit.SECONDS), "both plugins are blocked in their code");
      for (int i = 0; i < 20; i++) {
        assertEquals("x>elsewhere", arbor.call(OTHER, "x").toCompletableFuture().get(1, TimeUnit.SECONDS).state(),
            "the other event's plugin still gets a thread");
      }
      blocker.release.countDown();
      assertEquals("1>io", one.get(5, TimeUnit.SECONDS).state());
      assertEquals("2>io", two.get(5, TimeUnit.SECONDS).state());
    } finally {
      blocker.release.countDown();
    }
  }

  @Test
  void aNewPluginsCallsTimeOutEvenBeforeItsActorCouldRunOnce() throws Exception {
    EventType<String> third = EventType.of("third", String.class);
    Blocker blocker = new Blocker(2);
    Plugin<String> blocking = blocker.plugin("");
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL, OTHER, third)
        .plugin(plugin(PluginDescriptor.builder("hog.one", TRAIL).build(), blocking),
            plugin(PluginDescriptor.builder("hog.two", OTHER).build(), blocking))
        .start()) {
      arbor.call(TRAIL, "1");
      arbor.call(OTHER, "2");
      assertTrue(blocker.blocked.await(5, TimeUnit.SECONDS), "both plugin-dispatcher threads are blocked");
      // Its actor cannot run its setup now: no dispatcher thread is free.
      await(arbor.register(appender(PluginDescriptor.builder("fresh", third).timeout(Duration.ofMillis(300)).build())));
      CallResult<String> result = arbor.call(third, "x").toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(PluginFailure.Kind.TIMED_OUT, result.failures().get(0).kind());
      blocker.release.countDown();
    } finally {
      blocker.release.countDown();
    }
  }

  /** Plugins that block in their code until released, counting how many are blocked. */
  private static final class Blocker {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch blocked;

    Blocker(int plugins) {
      blocked = new CountDownLatch(plugins);
    }

    Plugin<String> plugin(String suffix) {
      return (state, context) -> {
        blocked.countDown();
        release.await();
        return Step.next(state + suffix);
      };
    }
  }

  @Test
  void aPluginDispatcherThatIsNotConfiguredIsAClearErrorAtStart() {
    Config config = ConfigFactory.parseString(
        "arbor.plugin-dispatchers { \"a\" = no.such.dispatcher }").withFallback(inMemory());
    InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
        () -> Arbor.builder().config(config).event(TRAIL).plugin(appender("a", 0)).start());
    assertEquals("arbor.plugin-dispatchers", error.argument());
    assertTrue(error.getMessage().contains("no.such.dispatcher"), error.getMessage());
  }

  @Test
  void policyHaltStopsTheChainWithTheStateFromBeforeTheFailure() {
    PluginDescriptor strict = PluginDescriptor.builder("strict", TRAIL).priority(5).onFailure(FailurePolicy.HALT).build();
    try (Arbor arbor = start(appender("a", 0), appender("z", 9),
        plugin(strict, (String state, CallContext context) -> {
          throw new IllegalArgumentException("no");
        }))) {
      CallResult<String> result = call(arbor, "in");
      assertEquals("in>a", result.state());
      assertEquals("strict", result.haltedBy());
      assertEquals(List.of("a"), result.ran());
      assertEquals("strict", result.failures().get(0).plugin());
    }
  }

  @Test
  void policyFailCallFailsTheCallWithWhatHadRun() {
    PluginDescriptor critical = PluginDescriptor.builder("critical", TRAIL).priority(5).onFailure(FailurePolicy.FAIL_CALL).build();
    try (Arbor arbor = start(appender("a", 0), appender("z", 9),
        plugin(critical, (String state, CallContext context) -> {
          throw new IllegalArgumentException("card declined");
        }))) {
      ExecutionException error = assertThrows(ExecutionException.class,
          () -> arbor.call(TRAIL, "in").toCompletableFuture().get(5, TimeUnit.SECONDS));
      PluginFailedException failed = assertInstanceOf(PluginFailedException.class, error.getCause());
      assertEquals("plugin_failed", failed.code());
      assertEquals("critical", failed.failure().plugin());
      assertTrue(failed.getMessage().contains("card declined"), failed.getMessage());
      assertEquals(List.of("a"), failed.partial().ran());
    }
  }

  @Test
  void badCallsFailAtOnceWithClearErrors() {
    try (Arbor arbor = start(appender("a", 0))) {
      CompletableFuture<CallResult<Object>> wrongType = arbor.call("trail", 42, CallOptions.DEFAULT).toCompletableFuture();
      CompletableFuture<CallResult<String>> nullState = arbor.call(TRAIL, null).toCompletableFuture();
      CompletableFuture<CallResult<Object>> unknown = arbor.call("nope", "x", CallOptions.DEFAULT).toCompletableFuture();
      assertTrue(wrongType.isCompletedExceptionally() && nullState.isCompletedExceptionally() && unknown.isCompletedExceptionally(),
          "errors are reported before the call returns, never by a hang");
      InvalidStateException typeError = assertInstanceOf(InvalidStateException.class, cause(wrongType));
      assertTrue(typeError.getMessage().contains("java.lang.String") && typeError.getMessage().contains("java.lang.Integer"));
      assertInstanceOf(InvalidStateException.class, cause(nullState));
      UnknownEventException unknownError = assertInstanceOf(UnknownEventException.class, cause(unknown));
      assertEquals("nope", unknownError.event());
      assertEquals("unknown_event", unknownError.code());
    }
  }

  @Test
  void actorsCallWithACallMessage() {
    try (Arbor arbor = start(appender("a", 0))) {
      TestProbe<CallReply> probe = TestProbe.create(arbor.system());
      arbor.callGateway().tell(new CallGateway.Call("trail", "in", CallOptions.DEFAULT, probe.getRef()));
      CallResult<?> result = assertInstanceOf(CallResult.class, probe.receiveMessage(Duration.ofSeconds(5)));
      assertEquals("in>a", result.state());
      arbor.callGateway().tell(new CallGateway.Call("trail", 7, CallOptions.DEFAULT, probe.getRef()));
      CallReply.Failed failed = assertInstanceOf(CallReply.Failed.class, probe.receiveMessage(Duration.ofSeconds(5)));
      assertEquals("invalid_state", failed.error().code());
    }
  }

  @Test
  void aPluginFailingPastItsRestartLimitIsMarkedFailedAndLeavesTheChain() {
    PluginDescriptor doomed = PluginDescriptor.builder("doomed", TRAIL).priority(5)
        .restart(RestartStrategy.immediate(1, Duration.ofMinutes(1))).build();
    try (Arbor arbor = start(appender("a", 0), plugin(doomed, (String state, CallContext context) -> {
      throw new IllegalStateException("always");
    }))) {
      call(arbor, "1");
      call(arbor, "2");
      eventually("doomed is marked failed",
          () -> await(arbor.plugin("doomed")).orElseThrow().status() == PluginStatus.FAILED);
      eventually("doomed left the chain", () -> arbor.chain("trail").orElseThrow().plugins().equals(List.of("a")));
      CallResult<String> after = call(arbor, "3");
      assertEquals("3>a", after.state());
      assertTrue(after.clean());
    }
  }

  @Test
  void duringABackoffCallsSkipThePluginAsUnavailableThenItIsBack() {
    AtomicInteger instances = new AtomicInteger();
    PluginDescriptor shaky = PluginDescriptor.builder("shaky", TRAIL).priority(5)
        .restart(RestartStrategy.backoff(5, Duration.ofMinutes(1), Duration.ofMillis(400), Duration.ofSeconds(2))).build();
    PluginDefinition<String> definition = PluginDefinition.of(shaky, () -> {
      instances.incrementAndGet();
      return (state, context) -> {
        if (state.startsWith("boom")) {
          throw new IllegalStateException("boom");
        }
        return Step.next(state + ">shaky");
      };
    });
    try (Arbor arbor = start(appender("a", 0), definition)) {
      assertEquals(PluginFailure.Kind.THREW, call(arbor, "boom").failures().get(0).kind());
      CallResult<String> during = call(arbor, "during");
      assertEquals("during>a", during.state());
      assertEquals(PluginFailure.Kind.UNAVAILABLE, during.failures().get(0).kind());
      assertTrue(during.failures().get(0).message().contains("backoff"), during.failures().get(0).message());
      eventually("the plugin is back after its backoff", () -> call(arbor, "later").state().equals("later>a>shaky"));
      assertEquals(2, instances.get(), "one fresh instance after the failure");
    }
  }

  @Test
  void anOperatorsRestartAndARedeclarationGiveThePluginAFreshInstance() {
    AtomicInteger instances = new AtomicInteger();
    List<Object> greetings = new CopyOnWriteArrayList<>();
    Function<PluginDescriptor, PluginDefinition<String>> code = descriptor -> PluginDefinition.of(descriptor, () -> {
      int instance = instances.incrementAndGet();
      return new Plugin<String>() {
        private Object greeting;

        @Override
        public void start(PluginContext context) {
          greeting = context.extra().get("greeting");
          greetings.add(greeting);
        }

        @Override
        public Step<String> call(String state, CallContext context) {
          return Step.next(state + ">" + greeting + "#" + instance);
        }
      };
    });
    try (Arbor arbor = start(code.apply(PluginDescriptor.builder("greeter", TRAIL).extra("greeting", "hi").build()))) {
      assertEquals("in>hi#1", call(arbor, "in").state());
      await(arbor.restart("greeter"));
      assertEquals("in>hi#2", call(arbor, "in").state(), "restart gives a fresh instance");
      await(arbor.register(code.apply(PluginDescriptor.builder("greeter", TRAIL).extra("greeting", "hello").build())));
      assertEquals("in>hello#3", call(arbor, "in").state(), "new settings and code reach the running plugin");
      assertEquals(List.of("hi", "hi", "hello"), greetings);
    }
  }

  @Test
  void operationsApplyToAWholeEventOrToAllEvents() {
    try (Arbor arbor = start(appender("a", 0), appender("b", 5), appender(PluginDescriptor.builder("o", OTHER).build()))) {
      List<PluginRecord> stopped = await(arbor.apply(
          Operation.STOP, Target.event("trail")));
      assertEquals(List.of("a", "b"), stopped.stream().map(PluginRecord::name).sorted().toList());
      assertEquals("in", call(arbor, "in").state());
      assertEquals("x>o", await(arbor.call(OTHER, "x")).state(), "the other event is untouched");
      await(arbor.apply(Operation.ENABLE, Target.all()));
      assertEquals("in>a>b", call(arbor, "in").state());
    }
  }

  @Test
  void stoppingAPluginTakesItOutOfTheChainAndEnableBringsItBack() {
    try (Arbor arbor = start(appender("a", 0), appender("b", 5))) {
      assertEquals(PluginStatus.STOPPED, await(arbor.stop("b")).status(), "the acknowledgement carries the new status");
      assertEquals("in>a", call(arbor, "in").state(), "acknowledged means the chain already shows it");
      assertEquals(PluginStatus.RESTARTED, await(arbor.enable("b")).status());
      assertEquals("in>a>b", call(arbor, "in").state());
    }
  }

  @Test
  void callsHeldByAHungPluginStillTimeOutAfterItLeavesTheChain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    PluginDescriptor hanging = PluginDescriptor.builder("hanging", TRAIL).timeout(Duration.ofMillis(300)).build();
    try (Arbor arbor = start(appender("a", 0), plugin(hanging, (String state, CallContext context) -> {
      entered.countDown();
      release.await();
      return Step.next(state);
    }))) {
      CompletableFuture<CallResult<String>> first = arbor.call(TRAIL, "1").toCompletableFuture();
      CompletableFuture<CallResult<String>> second = arbor.call(TRAIL, "2").toCompletableFuture();
      assertTrue(entered.await(5, TimeUnit.SECONDS), "the plugin is hanging in call 1");
      try {
        await(arbor.stop("hanging")); // its actor cannot stop while the plugin hangs
        assertEquals("3>a", call(arbor, "3").state(), "new calls no longer reach it");
        CallResult<String> hung = first.get(5, TimeUnit.SECONDS);
        assertEquals(PluginFailure.Kind.TIMED_OUT, hung.failures().get(0).kind(), hung.toString());
        // The call queued behind it times out too, or, if the watchdog found the plugin stuck first
        // (both happen about 300 ms in; on a busy machine either may win), skips it as unavailable.
        CallResult<String> queued = second.get(5, TimeUnit.SECONDS);
        assertTrue(Set.of(PluginFailure.Kind.TIMED_OUT, PluginFailure.Kind.UNAVAILABLE).contains(queued.failures().get(0).kind()),
            queued.toString());
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void callsThatOnlyWaitedInTheQueueTooLongDoNotCountAgainstThePlugin() throws Exception {
    AtomicInteger instances = new AtomicInteger();
    // 150 ms per call, a 300 ms timeout, no restart allowed: five calls at once queue for longer than
    // the timeout, yet the plugin never overran it.
    PluginDescriptor slow = PluginDescriptor.builder("slow", TRAIL).timeout(Duration.ofMillis(300))
        .restart(RestartStrategy.immediate(0, Duration.ofMinutes(1))).build();
    PluginDefinition<String> definition = PluginDefinition.of(slow, () -> {
      instances.incrementAndGet();
      return (state, context) -> {
        TimeUnit.MILLISECONDS.sleep(150);
        return Step.next(state + ">slow");
      };
    });
    try (Arbor arbor = start(definition)) {
      List<CompletableFuture<CallResult<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(arbor.call(TRAIL, "in" + i).toCompletableFuture());
      }
      int timedOut = 0;
      for (CompletableFuture<CallResult<String>> call : calls) {
        CallResult<String> result = call.get(5, TimeUnit.SECONDS);
        if (!result.clean()) {
          timedOut++;
          assertEquals(PluginFailure.Kind.TIMED_OUT, result.failures().get(0).kind());
        }
      }
      assertTrue(timedOut > 0, "the later calls waited past the timeout");
      Thread.sleep(500); // let the plugin work through its queue and answer late
      assertEquals(1, instances.get(), "no restart");
      assertEquals(PluginStatus.STARTED, await(arbor.plugin("slow")).orElseThrow().status(), "and certainly not failed");
      assertEquals("x>slow", call(arbor, "x").state());
    }
  }

  @Test
  void callsAndOperationsAfterCloseFailClearlyAndAtOnce() {
    Arbor arbor = start(appender("a", 0));
    arbor.close();
    CompletableFuture<CallResult<String>> late = arbor.call(TRAIL, "x").toCompletableFuture();
    CompletableFuture<?> operation = arbor.stop("a").toCompletableFuture();
    assertTrue(late.isCompletedExceptionally() && operation.isCompletedExceptionally());
    assertEquals("closed", assertInstanceOf(ArborClosedException.class, cause(late)).code());
    assertEquals("closed", assertInstanceOf(ArborClosedException.class, cause(operation)).code());
  }

  @Test
  void aRefusedRegistrationInstallsNoCode() {
    try (Arbor arbor = start(appender("a", 0), appender("b", 5, "a"))) {
      PluginDescriptor cyclic = PluginDescriptor.builder("a", TRAIL).dependsOn("b").build();
      ExecutionException error = assertThrows(ExecutionException.class, () -> arbor.register(
          PluginDefinition.of(cyclic, () -> (String state, CallContext context) -> Step.next(state + ">NEW")))
          .toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertEquals("dependency_cycle", assertInstanceOf(LifecycleException.class, error.getCause()).code());
      await(arbor.stop("a"));
      await(arbor.enable("a")); // a fresh actor for a, built from the catalog: it must run the accepted code
      assertEquals("in>a>b", call(arbor, "in").state());
    }
  }

  private static Throwable cause(CompletableFuture<?> future) {
    ExecutionException error = assertThrows(ExecutionException.class, future::get);
    return error.getCause();
  }
}
