package io.arbor.runtime.install;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.chain.CallResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls run without pause on the event while its two installed plugins are upgraded: none fails, and
 * each is served entirely by the old version or entirely by the new one (both plugins stamp their
 * version into the state), never by a mix.
 */
class UpgradeUnderLoadTest {
  private static final String OLD = "in>stamp-1.0.0>stamp.extra-1.0.0";
  private static final String NEW = "in>stamp-2.0.0>stamp.extra-2.0.0";

  @TempDir
  Path dir;

  @Test
  void noCallFailsAndEachIsServedByOneVersionOnly() throws Exception {
    StampJars jars = new StampJars(dir);
    Path next = jars.stampWithExtra("2.0.0");
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.install.directory", dir.resolve("node").toString())).withFallback(TestArbor.inMemory()))
        .event(TRAIL).start()) {
      await(arbor.install(InstallRequest.file(jars.stampWithExtra("1.0.0"))));
      AtomicBoolean running = new AtomicBoolean(true);
      ConcurrentMap<String, AtomicInteger> served = new ConcurrentHashMap<>();
      AtomicLong failed = new AtomicLong();
      List<String> failures = new ArrayList<>();
      List<Thread> callers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread caller = new Thread(() -> {
          while (running.get()) {
            try {
              CallResult<String> result = arbor.call(TRAIL, "in").toCompletableFuture().join();
              if (!result.failures().isEmpty()) {
                failed.incrementAndGet();
                synchronized (failures) {
                  failures.add(result.failures().toString());
                }
              }
              served.computeIfAbsent(result.state(), state -> new AtomicInteger()).incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
              synchronized (failures) {
                failures.add(e.toString());
              }
            }
          }
        }, "caller-" + i);
        caller.start();
        callers.add(caller);
      }
      TestArbor.eventually("calls run on 1.0.0", () -> served.getOrDefault(OLD, new AtomicInteger()).get() > 1000);
      await(arbor.install(InstallRequest.file(next)));
      int atSwitch = served.getOrDefault(NEW, new AtomicInteger()).get();
      TestArbor.eventually("calls run on 2.0.0", () -> served.getOrDefault(NEW, new AtomicInteger()).get() > atSwitch + 1000);
      running.set(false);
      for (Thread caller : callers) {
        caller.join();
      }
      assertEquals(0, failed.get(), "failed calls: " + failures.stream().limit(5).toList());
      assertEquals(List.of(OLD, NEW), served.keySet().stream().sorted().toList(), "each call saw one version: " + served);
      assertTrue(InstalledLoaders.collected(InstalledLoaders.named("stamp-1.0.0")), "1.0.0's loader is collected once its calls ended");
    }
  }
}
