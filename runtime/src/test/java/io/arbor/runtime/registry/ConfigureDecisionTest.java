package io.arbor.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.arbor.plugin.PluginDescriptor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Lifecycle#configure}, without actors: the override it journals, the conflicts it refuses, what it leaves alone. */
class ConfigureDecisionTest {
  private static final Instant AT = Instant.parse("2026-01-02T00:00:00Z");
  private static final Stamp STAMP = new Stamp(AT, "node-1", () -> "id", "command-1");
  private static final PluginDescriptor DECLARED = PluginDescriptor.builder("limiter", "calls").extra("limit", 10).extra("mode", "strict").build();
  private static final RegistryState STATE = new RegistryState(Map.of(
      "limiter", new PluginRecord("id-1", DECLARED, PluginStatus.STARTED, AT, AT),
      "other", new PluginRecord("id-2", PluginDescriptor.builder("other", "calls").build(), PluginStatus.STOPPED, AT, AT)), 4);

  private static RegistryState after(Lifecycle.Decision decision) {
    return STATE.applyAll(assertInstanceOf(Lifecycle.Accepted.class, decision).events());
  }

  private static String refusal(Lifecycle.Decision decision) {
    return assertInstanceOf(Lifecycle.Rejected.class, decision).error().code();
  }

  @Test
  void anUpdateBecomesTheOverrideMergedOverTheDeclaredSettingsWhateverTheStatus() {
    RegistryState configured = after(Lifecycle.configure(STATE, List.of(
        new SettingsUpdate("limiter", DECLARED.extra(), Map.of("limit", 20, "mode", "strict"), Map.of("limit", 20)),
        new SettingsUpdate("other", Map.of(), Map.of("x", true), Map.of("x", true))), "operator: configure", STAMP));
    PluginRecord limiter = configured.plugin("limiter").orElseThrow();
    assertEquals(Map.of("limit", 20, "mode", "strict"), limiter.settings());
    assertEquals(DECLARED, limiter.descriptor(), "the declared fields stay as declared");
    assertEquals(PluginStatus.STARTED, limiter.status());
    assertEquals(Map.of("x", true), configured.plugin("other").orElseThrow().settings(), "a stopped plugin is configured too");
    assertEquals(6, configured.version(), "one event per plugin");

    // A re-registration from code keeps the override; a key it adds appears under it.
    RegistryState redeclared = configured.applyAll(assertInstanceOf(Lifecycle.Accepted.class, Lifecycle.register(configured,
        PluginDescriptor.builder("limiter", "calls").extra("limit", 10).extra("mode", "strict").extra("burst", 3).build(), STAMP)).events());
    assertEquals(Map.of("limit", 20, "mode", "strict", "burst", 3), redeclared.plugin("limiter").orElseThrow().settings());

    RegistryState reset = redeclared.applyAll(assertInstanceOf(Lifecycle.Accepted.class, Lifecycle.configure(redeclared,
        List.of(new SettingsUpdate("limiter", Map.of("limit", 20, "mode", "strict", "burst", 3), null, null)), "reset", STAMP)).events());
    assertNull(reset.plugin("limiter").orElseThrow().settingsOverride());
    assertEquals(Map.of("limit", 10, "mode", "strict", "burst", 3), reset.plugin("limiter").orElseThrow().settings());
  }

  @Test
  void settingsThatChangedSinceTheValidationOrAnUnknownPluginRefuseTheWholeUpdate() {
    assertEquals("settings_conflict", refusal(Lifecycle.configure(STATE, List.of(
        new SettingsUpdate("other", Map.of(), Map.of("x", true), Map.of("x", true)),
        new SettingsUpdate("limiter", Map.of("limit", 11), Map.of("limit", 20), Map.of("limit", 20))), "r", STAMP)));
    assertEquals("plugin_not_found", refusal(Lifecycle.configure(STATE, List.of(
        new SettingsUpdate("ghost", Map.of(), Map.of("x", 1), Map.of("x", 1))), "r", STAMP)));
  }

  @Test
  void anUpdateThatLeavesTheOverrideAsItIsWritesNothing() {
    Lifecycle.Accepted same = assertInstanceOf(Lifecycle.Accepted.class,
        Lifecycle.configure(STATE, List.of(new SettingsUpdate("limiter", DECLARED.extra(), null, null)), "reset", STAMP));
    assertEquals(List.of(), same.events());
    assertEquals(List.of("limiter"), same.touched());
  }
}
