package io.arbor.examples.scale;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A large registry on one node: {@code events} events with {@code plugins / events} plugins each, on
 * a fresh embedded H2 file. Plugin 1 of every event depends on plugin 0 of event 0 (the root), so
 * stopping the root holds one plugin on each of the other events. It measures the first start
 * (every plugin registered), the acknowledgement of single stops and enables of leaf plugins, the
 * acknowledgement of stopping the root (the cascade) and of enabling it again (the release), and the
 * heap after a full GC; then prints one line
 * {@code scale plugins=<n> events=<n> start=<s> change-p99=<ms> cascade-1000=<ms> heap=<MiB>}.
 * Arguments: plugins (default 10000), events (default 1000), single changes (default 400).
 */
public final class ScaleMain {
  private ScaleMain() {}

  public static void main(String[] args) throws Exception {
    int pluginCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int eventCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int changes = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    int perEvent = pluginCount / eventCount;
    Path directory = Files.createTempDirectory("arbor-scale");
    List<EventType<?>> events = new ArrayList<>();
    List<PluginDefinition<?>> plugins = new ArrayList<>();
    String root = name(0, 0);
    for (int e = 0; e < eventCount; e++) {
      EventType<String> event = EventType.of("scale.event" + e, String.class);
      events.add(event);
      for (int p = 0; p < perEvent; p++) {
        PluginDescriptor.Builder descriptor = PluginDescriptor.builder(name(e, p), event).priority(p);
        if (p == 1) {
          descriptor.dependsOn(root);
        }
        plugins.add(PluginDefinition.of(descriptor.build(), () -> (state, context) -> Step.next(state)));
      }
    }
    long started = System.nanoTime();
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of(
            "arbor.persistence.url", "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath(),
            "arbor.discover-plugins", "off",
            "arbor.startup-timeout", "600s")))
        .event(events.toArray(EventType<?>[]::new)).plugin(plugins.toArray(PluginDefinition<?>[]::new)).start()) {
      double startSeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(Locale.ROOT, "first start with %d plugins on %d events: %.1f s%n", pluginCount, eventCount, startSeconds);

      double[] single = new double[changes];
      for (int i = 0; i < changes; i++) {
        String leaf = name((i * 7919) % eventCount, perEvent - 1);
        long t0 = System.nanoTime();
        if (i % 2 == 0) {
          arbor.stop(leaf).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } else {
          arbor.enable(name(((i - 1) * 7919) % eventCount, perEvent - 1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        single[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(single);
      double p50 = single[changes / 2];
      double p99 = single[(int) Math.ceil(changes * 0.99) - 1];
      System.out.printf(Locale.ROOT, "single stop/enable acknowledged: p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d%n",
          p50, p99, single[changes - 1], changes);

      int rounds = 5;
      double[] cascades = new double[rounds];
      double[] releases = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        arbor.stop(root).toCompletableFuture().get(60, TimeUnit.SECONDS);
        cascades[r] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        arbor.enable(root).toCompletableFuture().get(60, TimeUnit.SECONDS);
        releases[r] = (System.nanoTime() - t0) / 1e6;
      }
      arbor.stop(root).toCompletableFuture().get(60, TimeUnit.SECONDS);
      long heldNow = arbor.plugins().toCompletableFuture().get(60, TimeUnit.SECONDS).stream()
          .filter(record -> record.status().name().equals("HELD")).count();
      arbor.enable(root).toCompletableFuture().get(60, TimeUnit.SECONDS);
      Arrays.sort(cascades);
      Arrays.sort(releases);
      System.out.printf(Locale.ROOT, "stop of the root (holds %d plugins): median %.0f ms, max %.0f ms; enable (releases them): median %.0f ms, max %.0f ms%n",
          heldNow, cascades[rounds / 2], cascades[rounds - 1], releases[rounds / 2], releases[rounds - 1]);

      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
      System.out.printf(Locale.ROOT, "heap after full GC: %.0f MiB%n", heap);
      System.out.printf(Locale.ROOT, "scale plugins=%d events=%d start=%.1f change-p99=%.1f cascade-1000=%.0f heap=%.0f%n",
          pluginCount, eventCount, startSeconds, p99, cascades[rounds / 2], heap);
    }
  }

  private static String name(int event, int plugin) {
    return "e" + event + "-p" + plugin;
  }
}
