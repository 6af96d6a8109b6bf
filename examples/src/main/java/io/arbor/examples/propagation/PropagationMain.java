package io.arbor.examples.propagation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.examples.LoopbackCluster;
import io.arbor.runtime.Arbor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How fast a lifecycle change reaches a cluster: three Arbor nodes on loopback (three ActorSystems in
 * this JVM, sharing an in-memory H2 journal). Each change is a stop or enable made through one node,
 * in turn; the time measured runs from its acknowledgement on that node until the chains of all three
 * reflect it. Prints one line {@code propagation nodes=3 changes=<n> p50=<ms> p99=<ms>}.
 * Argument: the number of measured changes (default 500), after 50 unmeasured.
 */
public final class PropagationMain {
  private static final EventType<String> EVENT = EventType.of("propagation.event", String.class);
  private static final String SYSTEM = "arbor-propagation";

  private PropagationMain() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int warmup = 50;
    String db = "jdbc:h2:mem:propagation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    int seed = LoopbackCluster.freePort();
    List<PluginDefinition<?>> code = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      code.add(PluginDefinition.of(PluginDescriptor.builder("plugin" + i, EVENT).priority(i).build(),
          () -> (state, context) -> Step.next(state)));
    }
    List<Arbor> nodes = new ArrayList<>();
    try {
      for (int n = 0; n < 3; n++) {
        Arbor.Builder builder = Arbor.builder().systemName(SYSTEM).config(node("node-" + n, n == 0 ? seed : LoopbackCluster.freePort(), seed, db))
            .event(EVENT).provide(code.toArray(PluginDefinition<?>[]::new));
        if (n == 0) {
          builder.plugin(code.toArray(PluginDefinition<?>[]::new));
        }
        nodes.add(builder.start());
      }
      long version = nodes.get(0).registryState().toCompletableFuture().get(30, TimeUnit.SECONDS).version();
      nodes.get(0).awaitMembers(version).toCompletableFuture().get(60, TimeUnit.SECONDS);
      System.out.printf(Locale.ROOT, "3 nodes up, registry at version %d%n", version);

      double[] times = new double[changes];
      double[] endToEnd = new double[changes];
      for (int i = 0; i < warmup + changes; i++) {
        Arbor through = nodes.get(i % 3);
        String plugin = "plugin" + (i / 2) % 10;
        long sent = System.nanoTime();
        if (i % 2 == 0) {
          through.stop(plugin).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } else {
          through.enable(plugin).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        long acknowledged = System.nanoTime();
        long target = through.appliedVersion();
        for (Arbor node : nodes) {
          while (node.appliedVersion() < target) {
            if (System.nanoTime() - acknowledged > TimeUnit.SECONDS.toNanos(30)) {
              throw new IllegalStateException("change " + i + " not applied on every node within 30 s");
            }
            Thread.onSpinWait();
          }
        }
        if (i >= warmup) {
          long now = System.nanoTime();
          times[i - warmup] = (now - acknowledged) / 1e6;
          endToEnd[i - warmup] = (now - sent) / 1e6;
        }
      }
      Arrays.sort(times);
      Arrays.sort(endToEnd);
      double p50 = times[changes / 2];
      double p99 = times[(int) Math.ceil(changes * 0.99) - 1];
      System.out.printf(Locale.ROOT, "acknowledged on one node -> in effect on all three: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          p50, p99, times[changes - 1]);
      System.out.printf(Locale.ROOT, "sent on one node -> in effect on all three: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          endToEnd[changes / 2], endToEnd[(int) Math.ceil(changes * 0.99) - 1], endToEnd[changes - 1]);
      System.out.printf(Locale.ROOT, "propagation nodes=3 changes=%d p50=%.2f p99=%.2f%n", changes, p50, p99);
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  private static Config node(String name, int port, int seed, String db) {
    return ConfigFactory.parseMap(Map.of(
            "arbor.discover-plugins", "off",
            "arbor.persistence.url", db,
            "arbor.persistence.user", "sa"))
        .withFallback(LoopbackCluster.member(SYSTEM, name, port, seed));
  }
}
