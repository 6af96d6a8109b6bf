package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.inMemory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A plugin that hangs forever on some of its calls, under load, beside a healthy event: its own event
 * keeps answering within the plugin's timeout, and the other event is not slowed.
 *
 * <p>Also the harness of the {@code hung-plugin} line in docs/benchmarks.md: run it longer with
 * {@code -Darbor.hung.seconds=60}.
 */
class HungPluginTest {
  private static final EventType<String> HUNG = EventType.of("hung", String.class);
  private static final EventType<String> HEALTHY = EventType.of("healthy", String.class);
  private static final Duration TIMEOUT = Duration.ofMillis(100);
  /**
   * The healthy event's plugins may take longer: on a busy two-core machine a garbage-collection or
   * scheduling pause can exceed 100 ms, and the point is whether the hung plugin slows them down.
   */
  private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(1);
  private static final int CHAIN = 10;
  private static final int IN_FLIGHT = 100;
  /** The watchdog's two ticks, the call's other nine plugins and scheduling on two busy cores. */
  private static final long MARGIN_MILLIS = 400;

  @Test
  void aPluginHangingForeverOnSomeCallsNeitherStallsItsEventNorSlowsAnother() throws Exception {
    long seconds = Long.getLong("arbor.hung.seconds", 8);
    CountDownLatch forever = new CountDownLatch(1);
    AtomicLong hung = new AtomicLong();
    List<PluginDefinition<?>> plugins = new ArrayList<>();
    for (int i = 0; i < CHAIN; i++) {
      plugins.add(appender(PluginDescriptor.builder("healthy." + i, HEALTHY).priority(i).timeout(HEALTHY_TIMEOUT).build()));
      if (i != 4) {
        plugins.add(appender(PluginDescriptor.builder("hung." + i, HUNG).priority(i).timeout(TIMEOUT).build()));
      }
    }
    plugins.add(PluginDefinition.of(PluginDescriptor.builder("hung.4", HUNG).priority(4).timeout(TIMEOUT).build(),
        () -> (String state, CallContext context) -> {
          if (ThreadLocalRandom.current().nextInt(100) == 0) {
            hung.incrementAndGet();
            forever.await(); // never returns while the test runs
          }
          return Step.next(state + ">hung.4");
        }));
    try (Arbor arbor = Arbor.builder().config(inMemory()).event(HUNG, HEALTHY)
        .plugin(plugins.toArray(PluginDefinition[]::new)).start()) {
      Load healthy = new Load(arbor, HEALTHY);
      Load sameEvent = new Load(arbor, HUNG);
      healthy.start();
      sameEvent.start();
      TimeUnit.SECONDS.sleep(seconds);
      healthy.stop();
      sameEvent.stop();
      forever.countDown(); // the stuck threads return, so close() need not wait for them

      long otherP99 = healthy.percentile(0.99);
      long sameMax = sameEvent.max();
      System.out.printf("hung-plugin other-event-p99=%d same-event-max=%d timeout=%d%n",
          otherP99, sameMax, TIMEOUT.toMillis());
      System.out.printf("(the healthy event's slowest call: %d ms)%n", healthy.max());
      System.out.printf("(over %d s: %d calls on the healthy event, %d on the hung one, the plugin hung %d times)%n",
          seconds, healthy.count(), sameEvent.count(), hung.get());
      assertTrue(hung.get() > 0, "the plugin hung at least once");
      assertEquals(0, healthy.failed.get(), "no plugin of the healthy event failed or was skipped: " + healthy.failures);
      assertTrue(healthy.max() < HEALTHY_TIMEOUT.toMillis() + MARGIN_MILLIS,
          "the healthy event's slowest call took " + healthy.max() + " ms");
      assertTrue(sameMax < TIMEOUT.toMillis() + MARGIN_MILLIS, "the hung event's slowest call took " + sameMax + " ms");
      assertTrue(sameEvent.count() > healthy.count() / 10,
          "the hung event keeps its rate: " + sameEvent.count() + " calls against " + healthy.count());
    } finally {
      forever.countDown();
    }
  }

  /** Keeps {@link #IN_FLIGHT} calls running on one event, recording each call's latency in ms. */
  private static final class Load {
    private final Arbor arbor;
    private final EventType<String> event;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong[] buckets = new AtomicLong[60_001]; // one per ms; the last counts everything slower
    private final List<CompletableFuture<Void>> loops = new ArrayList<>();

    Load(Arbor arbor, EventType<String> event) {
      this.arbor = arbor;
      this.event = event;
      Arrays.setAll(buckets, i -> new AtomicLong());
    }

    void start() {
      for (int i = 0; i < IN_FLIGHT; i++) {
        CompletableFuture<Void> loop = new CompletableFuture<>();
        loops.add(loop);
        next(loop);
      }
    }

    private void next(CompletableFuture<Void> loop) {
      if (!running.get()) {
        loop.complete(null);
        return;
      }
      long started = System.nanoTime();
      arbor.call(event, "x").whenComplete((result, error) -> {
        long millis = (System.nanoTime() - started) / 1_000_000;
        buckets[(int) Math.min(millis, buckets.length - 1)].incrementAndGet();
        if (error != null || !result.clean()) {
          if (failed.incrementAndGet() <= 3) {
            failures.add(error != null ? error.toString() : result.failures().toString());
          }
        }
        next(loop);
      });
    }

    void stop() throws Exception {
      running.set(false);
      CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    long count() {
      return Arrays.stream(buckets).mapToLong(AtomicLong::get).sum();
    }

    long percentile(double fraction) {
      long rank = (long) Math.ceil(count() * fraction);
      long seen = 0;
      for (int millis = 0; millis < buckets.length; millis++) {
        seen += buckets[millis].get();
        if (seen >= rank) {
          return millis;
        }
      }
      return buckets.length - 1;
    }

    long max() {
      for (int millis = buckets.length - 1; millis >= 0; millis--) {
        if (buckets[millis].get() > 0) {
          return millis;
        }
      }
      return 0;
    }
  }
}
