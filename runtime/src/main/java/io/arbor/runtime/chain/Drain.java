package io.arbor.runtime.chain;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.slf4j.Logger;
import scala.concurrent.ExecutionContext;
import org.slf4j.LoggerFactory;

/**
 * A node's drain: no new call is admitted, and the returned stage completes once every call
 * already running has ended, or once {@code timeout} has passed (logged, with the calls left).
 * The calls are counted by each chain snapshot ({@link ChainSnapshot#idle}), looked at every
 * {@value #TICK_MILLIS} ms while the drain waits: nothing is added to the call path.
 */
public final class Drain {
  private static final Logger log = LoggerFactory.getLogger(Drain.class);
  static final long TICK_MILLIS = 5;

  private Drain() {}

  public static CompletableFuture<Void> of(ChainDirectory directory, Duration timeout, Scheduler scheduler, ExecutionContext executor) {
    directory.drain();
    if (directory.drained()) {
      return CompletableFuture.completedFuture(null);
    }
    log.info("Draining: no new call is admitted; waiting up to {} ms for the calls running", timeout.toMillis());
    CompletableFuture<Void> done = new CompletableFuture<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    AtomicReference<Cancellable> ticks = new AtomicReference<>();
    ticks.set(scheduler.scheduleAtFixedRate(Duration.ofMillis(TICK_MILLIS), Duration.ofMillis(TICK_MILLIS), () -> {
      if (directory.drained()) {
        done.complete(null);
      } else if (System.nanoTime() > deadline) {
        log.warn("Drain: calls were still running after {} ms; going on without them", timeout.toMillis());
        done.complete(null);
      }
      if (done.isDone() && ticks.get() != null) {
        ticks.get().cancel();
      }
    }, executor));
    return done.whenComplete((ignored, error) -> ticks.get().cancel());
  }
}
