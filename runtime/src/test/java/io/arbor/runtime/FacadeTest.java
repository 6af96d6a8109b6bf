package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static io.arbor.runtime.TestArbor.inMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.chain.ArborClosedException;
import io.arbor.runtime.chain.CallOptions;
import io.arbor.runtime.chain.UnknownEventException;
import io.arbor.runtime.health.HealthReport;
import io.arbor.runtime.health.PluginHealth;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.LifecycleException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** What the facade promises around its calls: health of what exists, callers' code off Arbor's threads, clear errors. */
class FacadeTest {

  private static Throwable failure(CompletionStage<?> stage) {
    ExecutionException error = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    return error.getCause();
  }

  @Test
  void theHealthOfAnUnknownEventIsAnErrorLikeACall() {
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 0)).start()) {
      assertTrue(await(arbor.health(TRAIL.name())).healthy());
      UnknownEventException error = assertInstanceOf(UnknownEventException.class, failure(arbor.health("no.such.event")));
      assertEquals("unknown_event", error.code());
    }
  }

  @Test
  void aPluginOnAnEventThisNodeNeverDeclaredIsReportedNotSilentlyIdle() {
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL)
        .plugin(appender("a", 0), appender(PluginDescriptor.builder("typo", "trial").build())).start()) {
      HealthReport report = await(arbor.health());
      assertEquals(List.of("typo"), report.undeclared().stream().map(PluginHealth::plugin).toList());
      assertTrue(report.undeclared().get(0).probe().detail().contains("'trial' is not declared on this node"),
          report.undeclared().get(0).toString());
      PluginHealth typo = await(arbor.pluginHealth("typo"));
      assertFalse(typo.healthy());
      assertFalse(typo.running());
    }
  }

  @Test
  void aCallersBlockingContinuationOnARegistrationDoesNotHoldUpOtherOperations() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 0)).start()) {
      CompletableFuture<String> thread = new CompletableFuture<>();
      arbor.register(appender("b", 5)).thenAccept(record -> {
        thread.complete(Thread.currentThread().getName());
        try {
          release.await(); // the caller's code blocks
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(thread.get(10, TimeUnit.SECONDS).contains("arbor.caller-dispatcher"), thread.get());
      // An unrelated operation completes while the caller's continuation still blocks.
      assertEquals("a", arbor.stop("a").toCompletableFuture().get(5, TimeUnit.SECONDS).name());
      assertEquals("x>b", await(arbor.call(TRAIL, "x")).state());
      assertEquals(1, release.getCount());
    } finally {
      release.countDown();
    }
  }

  @Test
  void subscribingNullIsRefusedAndEarlierSubscribersKeepReceiving() {
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 0)).start()) {
      TestProbe<LifecycleChange> probe = TestProbe.create(arbor.system());
      arbor.subscribe(probe.getRef());
      assertThrows(InvalidArgumentException.class, () -> arbor.subscribe(null));
      List<LifecycleChange> seen = new CopyOnWriteArrayList<>();
      eventually("the subscriber still receives changes", () -> {
        await(arbor.restart("a"));
        probe.receiveSeveralMessages(1, Duration.ofSeconds(2)).forEach(seen::add);
        return !seen.isEmpty();
      });
    }
  }

  @Test
  void afterCloseEveryMethodFailsWithClosed() {
    Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 0)).start();
    arbor.close();
    assertInstanceOf(ArborClosedException.class, failure(arbor.history()));
    assertInstanceOf(ArborClosedException.class, failure(arbor.history("a")));
    assertThrows(ArborClosedException.class, () -> arbor.onLifecycleChange(change -> {}));
    assertInstanceOf(ArborClosedException.class, failure(arbor.health()));
    assertInstanceOf(ArborClosedException.class, failure(arbor.plugins()));
  }

  @Test
  void errorMessagesShowAnOverlongNameShortened() {
    String huge = "x".repeat(10_000);
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(TRAIL).plugin(appender("a", 0)).start()) {
      LifecycleException notFound = assertInstanceOf(LifecycleException.class, failure(arbor.stop(huge)));
      assertTrue(notFound.getMessage().length() < 200, notFound.getMessage());
      assertTrue(notFound.getMessage().contains("10000 characters"), notFound.getMessage());
      UnknownEventException unknown = assertInstanceOf(UnknownEventException.class, failure(arbor.call(huge, "x", CallOptions.DEFAULT)));
      assertTrue(unknown.getMessage().length() < 250, unknown.getMessage());
    }
  }
}
