package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.PluginRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live configuration on one node: the hook between calls, the restart without one, refusals, the override kept, the history. */
class LiveConfigurationTest {
  @TempDir
  Path dir;

  private static Throwable failure(CompletionStage<?> stage) {
    return assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join()).getCause();
  }

  private static String call(Arbor arbor) {
    return await(arbor.call(TRAIL, "in")).state();
  }

  @Test
  void anUpdateReachesTheInstanceThroughItsHookBetweenCallsAndIsInTheHistory() {
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one", "keep", Map.of("a", 1, "b", 2)), probe, true)).start()) {
      assertEquals("in>one", call(arbor));
      List<CompletableFuture<?>> load = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        load.add(arbor.call(TRAIL, "in").toCompletableFuture());
      }
      PluginRecord record = await(arbor.configure("label", Map.of("label", "two", "keep", Map.of("b", 3))));
      load.forEach(call -> await(call));

      assertEquals(Map.of("label", "two", "keep", Map.of("a", 1, "b", 3)), record.settings(), "deep-merged over the current settings");
      assertEquals("in>two", call(arbor));
      assertEquals(List.of("one->two"), probe.configured);
      assertFalse(probe.hookDuringCall.get(), "the hook never runs during a call");
      assertEquals(1, probe.starts.get(), "taken in place: no restart");
      assertEquals(Map.of("label", "two", "keep", Map.of("a", 1, "b", 3)), probe.context.extra());

      LifecycleChange configured = await(arbor.history("label")).stream()
          .filter(change -> change.kind() == LifecycleChange.Kind.CONFIGURED).findFirst().orElseThrow();
      assertTrue(configured.reason().startsWith("operator: configure {"), configured.reason());
      assertTrue(configured.reason().contains("label=two"), configured.reason());
      assertEquals(arbor.info().toCompletableFuture().join().node(), configured.node());
    }
  }

  @Test
  void aPluginWithoutTheHookRestartsWithTheNewSettings() {
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one"), probe, false)).start()) {
      assertEquals("in>one", call(arbor));
      await(arbor.configure("label", Map.of("label", "two")));
      eventually("the fresh instance serves", () -> call(arbor).equals("in>two"));
      assertEquals(2, probe.starts.get());
      assertEquals(List.of(), probe.configured);
    }
  }

  @Test
  void aConfiguredPluginRestartedTwiceGetsAFreshInstanceEachTimeAndJournalsOnlyWhatDiffers() {
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one", "keep", Map.of("a", 1, "b", 2)), probe, true)).start()) {
      PluginRecord configured = await(arbor.configure("label", Map.of("label", "two", "keep", Map.of("a", 1))));
      assertEquals(Map.of("label", "two"), configured.settingsOverride(), "a key set to its declared value is not an override");
      await(arbor.restart("label"));
      eventually("the first restart's instance serves", () -> probe.starts.get() == 2 && call(arbor).equals("in>two"));
      await(arbor.restart("label"));
      eventually("the second restart starts another instance", () -> probe.starts.get() == 3);
      assertEquals("in>two", call(arbor), "each fresh instance starts with the override");
    }
  }

  @Test
  void anUpdateThatChangesNothingJournalsNothingAndOneBackToTheDeclaredSettingsDropsTheOverride() {
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one"), probe, true)).start()) {
      long version = await(arbor.registryState()).version();
      assertNull(await(arbor.configure("label", Map.of())).settingsOverride());
      assertNull(await(arbor.configure("label", Map.of("label", "one"))).settingsOverride());
      assertEquals(version, await(arbor.registryState()).version(), "nothing journaled");
      assertEquals(Map.of("label", "two"), await(arbor.configure("label", Map.of("label", "two"))).settingsOverride());
      assertNull(await(arbor.configure("label", Map.of("label", "one"))).settingsOverride(), "back to what is declared");
      assertEquals(2, await(arbor.history("label")).stream().filter(change -> change.kind() == LifecycleChange.Kind.CONFIGURED).count());
    }
  }

  /** Appends its label; its configure() hook hangs until {@code release} opens. */
  private static final class HangsInConfigure implements Plugin<String> {
    private final CountDownLatch release;
    private final AtomicInteger starts;
    private String label;

    HangsInConfigure(CountDownLatch release, AtomicInteger starts) {
      this.release = release;
      this.starts = starts;
    }

    @Override
    public void start(PluginContext context) {
      label = String.valueOf(context.extra().get("label"));
      starts.incrementAndGet();
    }

    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state + ">" + label);
    }

    @Override
    public boolean configure(Map<String, Object> previous, Map<String, Object> next) throws InterruptedException {
      release.await();
      label = String.valueOf(next.get("label"));
      return true;
    }
  }

  @Test
  void aConfigureHookThatHangsIsFoundStuckAndAFreshInstanceServesWithTheNewSettings() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger starts = new AtomicInteger();
    PluginDescriptor descriptor = PluginDescriptor.builder("label", TRAIL).timeout(Duration.ofMillis(300)).extra("label", "one").build();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(PluginDefinition.of(descriptor, () -> new HangsInConfigure(release, starts))).start()) {
      assertEquals("in>one", call(arbor));
      await(arbor.configure("label", Map.of("label", "two")));
      eventually("a fresh instance serves with the new settings", () -> starts.get() == 2 && call(arbor).equals("in>two"));
      release.countDown(); // the hung instance returns, and ends
      assertEquals("in>two", call(arbor));
    } finally {
      release.countDown();
    }
  }

  @Test
  void aRefusedUpdateChangesNothing() {
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one"), probe, true))
        .plugin(ConfigurablePlugin.definition("second", Map.of("label", "x"), new ConfigurablePlugin.Probe(), true)).start()) {
      long version = await(arbor.registryState()).version();

      SettingsRefusedException refused = assertInstanceOf(SettingsRefusedException.class,
          failure(arbor.configure("label", Map.of("label", "bad"))));
      assertEquals("settings_refused", refused.code());
      assertEquals("label", refused.plugin());
      assertTrue(refused.getMessage().contains("label must not be 'bad'"), refused.getMessage());

      InvalidArgumentException invalid = assertThrows(InvalidArgumentException.class,
          () -> arbor.configure("label", Map.of("label", new Object())));
      assertEquals("update.label", invalid.argument());
      assertThrows(InvalidArgumentException.class, () -> arbor.configure("label", null));
      assertEquals("plugin_not_found", assertInstanceOf(LifecycleException.class, failure(arbor.configure("ghost", Map.of()))).code());
      assertEquals("event_has_no_plugins",
          assertInstanceOf(LifecycleException.class, failure(arbor.configureEvent("nothing", Map.of("label", "z")))).code());

      // An event's plugins change together or not at all: one refuses, neither changes.
      assertInstanceOf(SettingsRefusedException.class, failure(arbor.configureEvent("trail", Map.of("label", "bad"))));

      assertEquals(version, await(arbor.registryState()).version(), "nothing journaled");
      assertNull(await(arbor.plugin("label")).orElseThrow().settingsOverride());
      assertEquals("in>one>x", call(arbor));
      assertEquals(List.of(), probe.configured);

      List<PluginRecord> both = await(arbor.configureEvent("trail", Map.of("label", "y")));
      assertEquals(2, both.size());
      assertEquals("in>y>y", call(arbor));
    }
  }

  @Test
  void theOverrideSurvivesReRegistrationFromCodeARestartAndIsResetOnRequest() {
    Config journal = TestArbor.database("jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath(), "sa", "arbor-configure");
    ConfigurablePlugin.Probe probe = new ConfigurablePlugin.Probe();
    try (Arbor arbor = Arbor.builder().config(journal).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one"), probe, true)).start()) {
      await(arbor.configure("label", Map.of("label", "two")));
      // Re-registered from code with a new declared setting: the override stays, the new key appears.
      PluginRecord redeclared = await(arbor.register(ConfigurablePlugin.definition("label", Map.of("label", "one", "added", true), probe, true)));
      assertEquals(Map.of("label", "two", "added", true), redeclared.settings());
      assertEquals("in>two", call(arbor));
    }
    try (Arbor arbor = Arbor.builder().config(journal).event(TRAIL)
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one", "added", true), probe, true)).start()) {
      assertEquals("in>two", call(arbor), "the override is journaled");
      PluginRecord reset = await(arbor.resetSettings("label"));
      assertNull(reset.settingsOverride());
      assertEquals(Map.of("label", "one", "added", true), reset.settings());
      eventually("the declared settings again", () -> call(arbor).equals("in>one"));
    }
  }
}
