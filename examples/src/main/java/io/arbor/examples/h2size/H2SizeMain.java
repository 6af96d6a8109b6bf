package io.arbor.examples.h2size;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How big the default embedded database gets: makes {@code changes} lifecycle changes (stop, then
 * enable, over 20 plugins) through the public API on a fresh H2 file, and prints the file's size
 * while Arbor still runs and after it closed, then one line {@code h2-size changes=<n> mib=<larger>}.
 * Arguments: the number of changes (default 100000) and the directory (default a new temporary one).
 */
public final class H2SizeMain {
  private static final EventType<String> EVENT = EventType.of("h2size.event", String.class);
  private static final int PLUGINS = 20;

  private H2SizeMain() {}

  public static void main(String[] args) throws Exception {
    int changes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path directory = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("arbor-h2-size");
    Path file = directory.resolve("arbor.mv.db");
    Files.deleteIfExists(file);
    List<PluginDefinition<?>> plugins = new ArrayList<>();
    for (int i = 0; i < PLUGINS; i++) {
      String name = "plugin" + i;
      plugins.add(PluginDefinition.of(PluginDescriptor.builder(name, EVENT).build(), () -> (state, context) -> Step.next(state)));
    }
    long whileRunning;
    long started = System.nanoTime();
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of(
            "arbor.persistence.url", "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath(),
            "arbor.discover-plugins", "off")))
        .event(EVENT).plugin(plugins.toArray(PluginDefinition<?>[]::new)).start()) {
      for (int change = 0; change < changes; change += 2) {
        String name = "plugin" + (change / 2) % PLUGINS;
        arbor.stop(name).toCompletableFuture().get(30, TimeUnit.SECONDS);
        arbor.enable(name).toCompletableFuture().get(30, TimeUnit.SECONDS);
        if ((change + 2) % 10_000 == 0) {
          System.out.printf(Locale.ROOT, "%,d changes, %s%n", change + 2, mib(file));
        }
      }
      whileRunning = Files.size(file);
      System.out.printf(Locale.ROOT, "while running: %s, %d history entries, %.0f s%n",
          mib(file), arbor.history().toCompletableFuture().get(60, TimeUnit.SECONDS).size(), (System.nanoTime() - started) / 1e9);
    }
    long afterClose = Files.size(file);
    System.out.printf(Locale.ROOT, "after close: %s (%s)%n", mib(file), file);
    System.out.printf(Locale.ROOT, "h2-size changes=%d mib=%.1f%n", changes, Math.max(whileRunning, afterClose) / (1024.0 * 1024.0));
  }

  private static String mib(Path file) throws IOException {
    return String.format(Locale.ROOT, "%.1f MiB", Files.size(file) / (1024.0 * 1024.0));
  }
}
