package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.Arbor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What must survive a full restart of the ActorSystem, on each supported database: registrations,
 * statuses (stopped and held included), ids, and the chains rebuilt from them.
 */
abstract class RegistryPersistenceContract {

  /** The database both runs of a test share; the registry's persistence id is unique per call. */
  protected abstract Config database();

  private static final List<PluginDefinition<?>> CODE = List.of(
      appender("audit", 10), appender("greet", 20, "audit"), appender("promo", 30), appender("vip", 40, "promo"));

  private static Arbor start(Config config) {
    return Arbor.builder().config(config).event(TRAIL).plugin(CODE.toArray(PluginDefinition<?>[]::new)).start();
  }

  private static Map<String, PluginRecord> byName(Arbor arbor) {
    return await(arbor.plugins()).stream().collect(Collectors.toMap(PluginRecord::name, record -> record));
  }

  @Test
  void registrationsStatusesAndIdsSurviveAFullRestart() {
    Config config = database();
    Map<String, PluginRecord> before;
    try (Arbor first = start(config)) {
      await(first.stop("promo"));
      before = byName(first);
      assertEquals(PluginStatus.STOPPED, before.get("promo").status());
      assertEquals(PluginStatus.HELD, before.get("vip").status(), "vip depends on the stopped promo");
      assertEquals("in>audit>greet", await(first.call(TRAIL, "in")).state());
    }
    try (Arbor second = start(config)) {
      Map<String, PluginRecord> after = byName(second);
      assertEquals(before.keySet(), after.keySet());
      for (String name : before.keySet()) {
        assertEquals(before.get(name).id(), after.get(name).id(), "same id for " + name);
        assertEquals(before.get(name).status(), after.get(name).status(), "same status for " + name);
        assertEquals(before.get(name).registeredAt(), after.get(name).registeredAt());
      }
      assertEquals("in>audit>greet", await(second.call(TRAIL, "in")).state(), "the chain is rebuilt from the journal");
      assertEquals(List.of("audit", "greet"), second.chain("trail").orElseThrow().plugins());

      await(second.enable("promo"));
      assertEquals("in>audit>greet>promo>vip", await(second.call(TRAIL, "in")).state(), "vip is released");
    }
  }

  @Test
  void recoveryThroughSnapshotsGivesTheSameStateAndUnregisteredPluginsStayGone() {
    Config config = ConfigFactory.parseMap(Map.of("arbor.registry.snapshot-every", 3)).withFallback(database());
    RegistryState before;
    try (Arbor first = start(config)) {
      for (int i = 0; i < 4; i++) {
        await(first.stop("audit"));
        await(first.enable("audit"));
      }
      await(first.unregister("vip"));
      before = await(first.registryState());
      assertTrue(before.version() > 9, "enough events for several snapshots: " + before.version());
    }
    try (Arbor second = Arbor.builder().config(config).event(TRAIL)
        .plugin(CODE.subList(0, 3).toArray(PluginDefinition<?>[]::new)).start()) {
      RegistryState after = await(second.registryState());
      assertEquals(before.plugins(), after.plugins());
      assertEquals(before.version(), after.version());
      CompletionException error = assertThrows(CompletionException.class, () -> second.stop("vip").toCompletableFuture().join());
      assertEquals("plugin_not_found", ((LifecycleException) error.getCause()).code());
    }
  }

  /** Every supported shape of a setting, nested too. */
  static final PluginDescriptor SETTINGS = PluginDescriptor.builder("configured", TRAIL)
      .extra("users", List.of("ada", "grace"))
      .extra("int", 5)
      .extra("long", 5L)
      .extra("bigLong", 5_000_000_000L)
      .extra("double", 5.0)
      .extra("flag", true)
      .extra("text", "hello")
      .extra("empty", List.of())
      .extra("nested", Map.of("hosts", List.of("a", "b"), "port", 8080, "limits", Map.of("rate", 0.5, "burst", 10L)))
      .build();

  @Test
  void settingsComeBackExactlyAfterARestartAndAnIdenticalDeclarationWritesNothing() {
    assertSettingsSurviveRestarts(database());
  }

  @Test
  void settingsComeBackExactlyFromASnapshot() {
    assertSettingsSurviveRestarts(ConfigFactory.parseMap(Map.of("arbor.registry.snapshot-every", 1)).withFallback(database()));
  }

  private static void assertSettingsSurviveRestarts(Config config) {
    for (int run = 0; run < 3; run++) {
      try (Arbor arbor = Arbor.builder().config(config).event(TRAIL).plugin(appender(SETTINGS)).start()) {
        Map<String, Object> extra = await(arbor.plugin("configured")).orElseThrow().descriptor().extra();
        assertEquals(SETTINGS.extra(), extra, "run " + run);
        assertTrue(extra.get("users") instanceof List<?>, "a java.util.List in run " + run + ": " + extra.get("users").getClass());
        assertTrue(extra.get("nested") instanceof Map<?, ?>, "a java.util.Map in run " + run + ": " + extra.get("nested").getClass());
        assertEquals(Long.class, extra.get("long").getClass(), "run " + run);
        assertEquals(Integer.class, extra.get("int").getClass(), "run " + run);
        assertEquals(Double.class, extra.get("double").getClass(), "run " + run);
        List<LifecycleChange.Kind> kinds = await(arbor.history("configured")).stream().map(LifecycleChange::kind).toList();
        assertEquals(List.of(LifecycleChange.Kind.REGISTERED, LifecycleChange.Kind.STARTED), kinds,
            "an identical declaration writes nothing, run " + run);
      }
    }
  }
}
