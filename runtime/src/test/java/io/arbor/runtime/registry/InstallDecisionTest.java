package io.arbor.runtime.registry;

import static io.arbor.runtime.registry.LifecycleTest.after;
import static io.arbor.runtime.registry.LifecycleTest.descriptor;
import static io.arbor.runtime.registry.LifecycleTest.record;
import static io.arbor.runtime.registry.LifecycleTest.rejection;
import static io.arbor.runtime.registry.LifecycleTest.state;
import static io.arbor.runtime.registry.LifecycleTest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The install, upgrade and uninstall decisions without actors: what one command journals, and what it refuses. */
class InstallDecisionTest {
  private static final AtomicInteger ids = new AtomicInteger();
  private static final Stamp STAMP = new Stamp(Instant.parse("2026-01-02T00:00:00Z"), "node-1", () -> "id-" + ids.incrementAndGet());
  private static final Artifact GREETER_1 = new Artifact("greeter", "1.0.0", "a".repeat(64), List.of());
  private static final Artifact GREETER_2 = new Artifact("greeter", "2.0.0", "b".repeat(64), List.of("c".repeat(64)));

  @Test
  void anInstallRegistersAndStartsItsPluginsWithTheArtifactInOneDecision() {
    RegistryState installed = after(state(), Lifecycle.install(state(),
        GREETER_1, List.of(descriptor("greet.loud", "greetings", "greet"), descriptor("greet", "greetings")), null, STAMP));
    assertEquals(PluginStatus.STARTED, status(installed, "greet"));
    assertEquals(PluginStatus.STARTED, status(installed, "greet.loud"), "its dependency is in the same artifact: no hold");
    assertEquals(GREETER_1, installed.plugin("greet").orElseThrow().artifact());
    assertEquals(Map.of("greeter", new Installation("greeter", "1.0.0", "a".repeat(64), List.of("greet", "greet.loud"),
        List.of("greetings"))), installed.installations());
  }

  @Test
  void anUpgradeMovesKeptPluginsToTheNewArtifactAndUnregistersTheOthersWithTheirCascade() {
    RegistryState v1 = after(state(record("fan", "greetings", PluginStatus.STARTED, "shout")), Lifecycle.install(
        state(record("fan", "greetings", PluginStatus.HELD, "shout")),
        GREETER_1, List.of(descriptor("greet", "greetings"), descriptor("shout", "greetings")), null, STAMP));
    assertEquals(PluginStatus.RESTARTED, status(v1, "fan"), "released once shout was installed");

    Lifecycle.Accepted upgrade = (Lifecycle.Accepted) Lifecycle.install(v1, GREETER_2,
        List.of(descriptor("greet", "greetings"), descriptor("wave", "greetings")), "1.0.0", STAMP);
    RegistryState v2 = v1.applyAll(upgrade.events());
    assertEquals(GREETER_2, v2.plugin("greet").orElseThrow().artifact());
    assertEquals(v1.plugin("greet").orElseThrow().id(), v2.plugin("greet").orElseThrow().id(), "the same plugin, upgraded");
    assertEquals(PluginStatus.STARTED, status(v2, "wave"));
    assertNull(status(v2, "shout"), "no longer in 2.0.0");
    assertEquals(PluginStatus.HELD, status(v2, "fan"), "its dependency went with 1.0.0");
    assertEquals(List.of("greet", "wave"), v2.installation("greeter").orElseThrow().plugins());
    assertTrue(upgrade.events().stream().anyMatch(event -> event instanceof RegistryEvent.PluginRedeclared redeclared
        && redeclared.reason().equals("upgraded to greeter-2.0.0")));
  }

  @Test
  void ofTwoConcurrentInstallsTheSecondIsRefusedBecauseTheFirstChangedWhatItSaw() {
    RegistryState v1 = after(state(), Lifecycle.install(state(), GREETER_1, List.of(descriptor("greet", "greetings")), null, STAMP));
    assertEquals("install_conflict",
        rejection(Lifecycle.install(v1, GREETER_1, List.of(descriptor("greet", "greetings")), null, STAMP)).code());
    RegistryState v2 = after(v1, Lifecycle.install(v1, GREETER_2, List.of(descriptor("greet", "greetings")), "1.0.0", STAMP));
    LifecycleException late = rejection(Lifecycle.install(v2,
        new Artifact("greeter", "1.5.0", "d".repeat(64), List.of()), List.of(descriptor("greet", "greetings")), "1.0.0", STAMP));
    assertEquals("install_conflict", late.code());
    assertTrue(late.getMessage().contains("now at 2.0.0"), late.getMessage());
    assertEquals("install_conflict", rejection(Lifecycle.uninstall(v2, "greeter", "1.0.0", STAMP)).code());
  }

  @Test
  void aPluginNameHasOneOwnerTheApplicationOrOneArtifact() {
    RegistryState withCode = state(record("login.session", "login", PluginStatus.STARTED));
    LifecycleException shadows = rejection(Lifecycle.install(withCode, GREETER_1,
        List.of(descriptor("login.session", "login")), null, STAMP));
    assertEquals("plugin_conflict", shadows.code());
    assertEquals(List.of("login.session"), shadows.plugins());
    assertTrue(shadows.getMessage().contains("application's code"), shadows.getMessage());

    RegistryState installed = after(state(), Lifecycle.install(state(), GREETER_1, List.of(descriptor("greet", "greetings")), null, STAMP));
    Artifact thief = new Artifact("thief", "1.0.0", "e".repeat(64), List.of());
    assertTrue(rejection(Lifecycle.install(installed, thief, List.of(descriptor("greet", "greetings")), null, STAMP))
        .getMessage().contains("installed by 'greeter'"));
    LifecycleException fromCode = rejection(Lifecycle.register(installed, descriptor("greet", "greetings"), STAMP));
    assertEquals("plugin_conflict", fromCode.code());
    assertTrue(fromCode.getMessage().contains("greeter-1.0.0"), fromCode.getMessage());
  }

  @Test
  void anUninstallUnregistersEveryPluginOfTheArtifactWithTheirCascade() {
    RegistryState installed = after(state(record("fan", "greetings", PluginStatus.HELD, "greet")),
        Lifecycle.install(state(record("fan", "greetings", PluginStatus.HELD, "greet")), GREETER_1,
            List.of(descriptor("greet", "greetings"), descriptor("wave", "greetings")), null, STAMP));
    RegistryState removed = after(installed, Lifecycle.uninstall(installed, "greeter", "1.0.0", STAMP));
    assertEquals(List.of("fan"), List.copyOf(removed.plugins().keySet()));
    assertEquals(PluginStatus.HELD, status(removed, "fan"));
    assertTrue(removed.installations().isEmpty());
    assertEquals("not_installed", rejection(Lifecycle.uninstall(removed, "greeter", "1.0.0", STAMP)).code());
  }
}
