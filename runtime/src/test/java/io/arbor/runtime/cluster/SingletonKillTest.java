package io.arbor.runtime.cluster;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.ChildJvm;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.RegistryUnavailableException;
import io.arbor.runtime.registry.WriteOutcomeUnknownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * The registry's host is a separate JVM, killed with SIGKILL while calls run on the two other nodes:
 * every call on the survivors is answered, writes fail clearly until the split-brain resolver has
 * downed the dead node and the singleton has restarted on the oldest survivor, then succeed again by
 * themselves, and every change acknowledged before the kill is still there.
 */
class SingletonKillTest {
  private static final List<PluginDefinition<?>> CODE = List.of(appender("audit", 10), appender("greet", 20, "audit"));
  /** SBR stable-after (2 s) plus failure detection and hand-over, with room for a busy machine. */
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(40);

  /** A survivor's reads, health and readiness come from its own view: none waits for the missing writer. */
  private static void whileNoWriterExists(Arbor survivor) {
    long started = System.nanoTime();
    assertEquals(PluginStatus.STOPPED, await(survivor.plugin("greet")).orElseThrow().status());
    assertTrue(await(survivor.registryCaughtUp()), "caught up with every change it knows of");
    assertTrue(await(survivor.health()).healthy(), "healthy: its chains serve");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis < 2_000, "answered without the writer, in " + tookMillis + " ms");
  }

  @Test
  void callsNeverStopAndWritesComeBackAfterTheHostIsKilled() throws Exception {
    Server h2 = Server.createTcpServer("-tcp", "-tcpPort", "0", "-ifNotExists").start();
    String url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:kill-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String persistenceId = "arbor-registry-" + UUID.randomUUID();
    Config database = TestArbor.database(url, "sa", persistenceId);
    int seedPort = TestCluster.freePort();
    try (ChildJvm host = ChildJvm.start(ClusterNodeMain.class, String.valueOf(seedPort), url, persistenceId);
         TestCluster cluster = new TestCluster(database, seedPort)) {
      assertNotNull(host.awaitLine("UP", Duration.ofSeconds(90)), "the host did not start:\n" + host.output());
      Arbor b = cluster.start("b", CODE);
      Arbor c = cluster.start("c", CODE);
      await(b.stop("greet"));
      await(c.enable("greet"));
      await(b.stop("greet")); // acknowledged before the kill: greet stopped; calls run through audit
      long acknowledged = await(b.registryState()).version();

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong answered = new AtomicLong();
      List<String> failures = new ArrayList<>();
      List<Thread> callers = new ArrayList<>();
      for (Arbor node : List.of(b, c)) {
        Thread caller = new Thread(() -> {
          while (running.get()) {
            try {
              String state = node.call(TRAIL, "in").toCompletableFuture().get(5, TimeUnit.SECONDS).state();
              if (state.startsWith("in>audit")) {
                answered.incrementAndGet();
              } else {
                synchronized (failures) {
                  failures.add("served without audit: " + state);
                }
              }
            } catch (Exception e) {
              synchronized (failures) {
                failures.add(e.toString());
              }
            }
          }
        }, "caller-" + node.system().address());
        caller.start();
        callers.add(caller);
      }

      Thread.sleep(500);
      assertEquals(137, host.kill(), "killed with SIGKILL");
      long killed = System.nanoTime();
      List<String> refusals = new ArrayList<>();
      Duration recovered = null;
      while (recovered == null && System.nanoTime() - killed < FAILOVER_BOUND.toNanos()) {
        try {
          c.enable("greet").toCompletableFuture().get(30, TimeUnit.SECONDS);
          recovered = Duration.ofNanos(System.nanoTime() - killed);
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          refusals.add(((ArborException) cause).code());
          assertTrue(cause instanceof RegistryUnavailableException || cause instanceof WriteOutcomeUnknownException,
              "a clear error while no writer exists, not: " + cause);
          if (refusals.size() == 1) {
            whileNoWriterExists(b);
          }
        }
      }
      Thread.sleep(500);
      running.set(false);
      for (Thread caller : callers) {
        caller.join(10_000);
      }
      System.out.printf("singleton-kill answered=%d failed=%d write-back-after=%s refusals=%s%n",
          answered.get(), failures.size(), recovered, Set.copyOf(refusals));
      assertNotNull(recovered, "no write succeeded within " + FAILOVER_BOUND + "; refusals: " + refusals);
      assertEquals(List.of(), failures, "every call on the survivors is answered");
      assertTrue(answered.get() > 1000, "calls kept running through the plugin actors: " + answered.get());

      TestArbor.eventually("the enable through the new writer reaches b", () ->
          await(b.plugin("greet")).orElseThrow().status() == PluginStatus.RESTARTED);
      assertTrue(await(b.registryState()).version() > acknowledged, "the new writer recovered every acknowledged change");
      assertEquals(PluginStatus.STARTED, await(b.plugin("audit")).orElseThrow().status());
      TestArbor.eventually("both survivors serve the change", () ->
          await(b.call(TRAIL, "in")).state().equals("in>audit>greet") && await(c.call(TRAIL, "in")).state().equals("in>audit>greet"));
    } finally {
      h2.stop();
    }
  }
}
