package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.registry.Artifact;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.RegistryState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstallPlanTest {
  private static final SourcePolicy POLICY = new SourcePolicy(Set.of(), Set.of("core", "core.audit"));
  private static final Installation GREETER_1 = greeter("1.2.0", List.of("greet", "shout"));
  /** greeter 1.2.0 and audit 0.3.0 installed; login.session registered from the application's code. */
  private static final RegistryState INSTALLED = state(
      record("greet", "greetings", new Artifact("greeter", "1.2.0", "a".repeat(64), List.of())),
      record("shout", "greetings", new Artifact("greeter", "1.2.0", "a".repeat(64), List.of())),
      record("audit.log", "user.after_login", new Artifact("audit", "0.3.0", "b".repeat(64), List.of())),
      record("login.session", "user.after_login", null));

  private static PluginRecord record(String name, String event, Artifact artifact) {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return new PluginRecord("id-" + name, PluginDescriptor.builder(name, event).build(), PluginStatus.STARTED, at, at, artifact);
  }

  private static RegistryState state(PluginRecord... records) {
    Map<String, PluginRecord> plugins = new HashMap<>();
    for (PluginRecord record : records) {
      plugins.put(record.name(), record);
    }
    return new RegistryState(plugins, records.length);
  }

  private static Installation greeter(String version, List<String> plugins) {
    return new Installation("greeter", version, "a".repeat(64), plugins, List.of("greetings"));
  }

  private static String refusal(Runnable plan) {
    return assertThrows(InstallException.class, plan::run).code();
  }

  @Test
  void aNewNameIsAnInstall() {
    Installation other = new Installation("other", "1.0.0", "c".repeat(64), List.of("other.one"), List.of("greetings"));
    assertEquals(new InstallPlan.Install(other), InstallPlan.install(INSTALLED, POLICY, other));
  }

  /** Installed 1.2.0; the offered version, and what the plan does. */
  @ParameterizedTest(name = "1.2.0 then {0}: {1}")
  @CsvSource({
      "1.2.1,           upgrade",
      "1.3.0-rc.1,      upgrade",
      "2.0.0,           upgrade",
      "1.2.0,           version_not_newer",
      "1.2.0+rebuilt,   version_not_newer",
      "1.2.0-rc.9,      version_not_newer",
      "1.1.9,           version_not_newer",
      "1.2,             invalid_version",
  })
  void anInstalledNameIsUpgradedOnlyByAStrictlyNewerVersion(String offered, String outcome) {
    Installation next = greeter(offered, List.of("greet", "shout"));
    if (outcome.equals("upgrade")) {
      assertInstanceOf(InstallPlan.Upgrade.class, InstallPlan.install(INSTALLED, POLICY, next));
    } else {
      assertEquals(outcome, refusal(() -> InstallPlan.install(INSTALLED, POLICY, next)));
    }
  }

  @Test
  void anUpgradeRetiresThePluginsTheNewVersionNoLongerBrings() {
    InstallPlan.Upgrade upgrade = assertInstanceOf(InstallPlan.Upgrade.class,
        InstallPlan.install(INSTALLED, POLICY, greeter("2.0.0", List.of("greet", "wave"))));
    assertEquals(GREETER_1, upgrade.from());
    assertEquals(List.of("shout"), upgrade.retired());
  }

  @Test
  void aPluginNameIsNeverTwoOwnersAndProtectedNamesAreNeverTouched() {
    Installation stealsAudit = new Installation("thief", "1.0.0", "d".repeat(64), List.of("audit.log"), List.of("x"));
    InstallException conflict = assertThrows(InstallException.class, () -> InstallPlan.install(INSTALLED, POLICY, stealsAudit));
    assertEquals("plugin_conflict", conflict.code());
    assertTrue(conflict.getMessage().contains("installed by 'audit'"), conflict.getMessage());

    Installation shadowsCode = new Installation("shadow", "1.0.0", "e".repeat(64), List.of("login.session"), List.of("x"));
    assertTrue(assertThrows(InstallException.class, () -> InstallPlan.install(INSTALLED, POLICY, shadowsCode))
        .getMessage().contains("application's code"));

    Installation core = new Installation("core", "9.0.0", "f".repeat(64), List.of("core.x"), List.of("x"));
    assertEquals("protected_name", refusal(() -> InstallPlan.install(INSTALLED, POLICY, core)));
    Installation protectedPlugin = new Installation("addon", "1.0.0", "f".repeat(64), List.of("core.audit"), List.of("x"));
    assertEquals("protected_name", refusal(() -> InstallPlan.install(INSTALLED, POLICY, protectedPlugin)));
    Installation badName = new Installation("Bad Name", "1.0.0", "f".repeat(64), List.of("p"), List.of("x"));
    assertEquals("invalid_name", refusal(() -> InstallPlan.install(INSTALLED, POLICY, badName)));
  }

  @Test
  void anUninstallNamesWhatToRemoveAndRefusesTheUnknownAndTheProtected() {
    assertEquals(new InstallPlan.Uninstall(GREETER_1), InstallPlan.uninstall(INSTALLED, POLICY, "greeter"));
    assertEquals("not_installed", refusal(() -> InstallPlan.uninstall(INSTALLED, POLICY, "nothing")));
    assertEquals("protected_name", refusal(() -> InstallPlan.uninstall(INSTALLED, POLICY, "core")));
    assertEquals("not_installed", refusal(() -> InstallPlan.uninstall(INSTALLED, POLICY, null)));
  }
}
