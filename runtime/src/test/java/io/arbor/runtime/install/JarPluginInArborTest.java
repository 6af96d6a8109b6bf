package io.arbor.runtime.install;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin from a JAR built at test time, loaded by its own {@link PluginClassLoader}, found by
 * {@link PluginScan}, registered and called through Arbor like any other; once unregistered and its
 * loader closed, nothing in the runtime keeps the loader alive (no actor, no chain, no catalog entry).
 */
class JarPluginInArborTest {
  @TempDir
  Path dir;

  private static final String PLUGIN = """
      package com.example;
      import io.arbor.plugin.*;
      @ArborPlugin(name = "jar.stamp", event = "trail")
      public final class Stamp implements Plugin<String> {
        public Step<String> call(String state, CallContext context) { return Step.next(state + ">jar-1.0.0"); }
      }
      """;

  @Test
  void aJarPluginRunsInTheChainAndItsLoaderIsCollectedAfterItIsUnregistered() throws Exception {
    Path jar = new PluginJar().compiled(dir, Map.of("com.example.Stamp", PLUGIN))
        .entry("META-INF/services/io.arbor.plugin.Plugin", "com.example.Stamp\n")
        .writeTo(dir.resolve("stamp-1.0.0.jar"));
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).start()) {
      PluginClassLoader loader = registerFrom(arbor, jar);
      assertEquals("in>jar-1.0.0", await(arbor.call(TRAIL, "in")).state());

      await(arbor.unregister("jar.stamp"));
      TestArbor.eventually("the chain no longer runs it", () -> await(arbor.call(TRAIL, "in")).state().equals("in"));
      loader.close(); // as an uninstall will, once the plugin's actors are gone
      WeakReference<PluginClassLoader> collected = new WeakReference<>(loader);
      loader = null;
      for (int i = 0; i < 100 && collected.get() != null; i++) {
        System.gc();
        Thread.sleep(50);
      }
      assertNull(collected.get(), "the unregistered plugin's class loader was garbage-collected");
    }
  }

  /** Loads the JAR in a loader of its own, finds its plugin and registers it. */
  private static PluginClassLoader registerFrom(Arbor arbor, Path jar) throws Exception {
    PluginClassLoader loader = new PluginClassLoader("stamp-1.0.0", List.of(jar.toUri().toURL()),
        JarPluginInArborTest.class.getClassLoader(), List.of());
    List<PluginScan.Found> found = PluginScan.scan(loader, event -> event.equals("trail") ? Optional.of(String.class) : Optional.empty());
    await(arbor.register(found.get(0).definition()));
    return loader;
  }
}
