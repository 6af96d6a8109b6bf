package io.arbor.runtime.chain;

import static io.arbor.runtime.TestArbor.TRAIL;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;

/**
 * Run in a separate JVM by {@link SigtermTest}: Arbor with a plugin that takes 20 ms a call, eight
 * callers calling without pause, and, in CoordinatedShutdown after Arbor's drain, one line counting
 * the calls: {@code RESULT admitted=<n> answered=<n> failed=<n> refused=<n>}. A call is admitted when
 * {@code call} does not refuse it at once.
 */
public final class DrainTarget {
  private static final AtomicLong admitted = new AtomicLong();
  private static final AtomicLong answered = new AtomicLong();
  private static final AtomicLong failed = new AtomicLong();
  private static final AtomicLong refused = new AtomicLong();
  private static final AtomicBoolean running = new AtomicBoolean(true);

  private DrainTarget() {}

  public static void main(String[] args) throws Exception {
    Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(PluginDescriptor.builder("slow", TRAIL).build(), () -> (state, context) -> {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Step.next(state + ">slow");
        })
        .start();
    CoordinatedShutdown.get(arbor.system()).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "count-calls", () -> {
      running.set(false);
      System.out.println("RESULT admitted=" + admitted.get() + " answered=" + answered.get() + " failed=" + failed.get()
          + " refused=" + refused.get());
      System.out.flush();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    for (int i = 0; i < 8; i++) {
      Thread caller = new Thread(() -> {
        while (running.get()) {
          CompletableFuture<?> call = arbor.call(TRAIL, "in").toCompletableFuture();
          if (call.isCompletedExceptionally()) {
            refused.incrementAndGet(); // refused at once: draining (or closed), never admitted
            sleepQuietly();
            continue;
          }
          admitted.incrementAndGet();
          try {
            call.join();
            answered.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
            System.out.println("FAILED " + e);
          }
        }
      }, "caller-" + i);
      caller.setDaemon(true);
      caller.start();
    }
    Thread.sleep(500);
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
