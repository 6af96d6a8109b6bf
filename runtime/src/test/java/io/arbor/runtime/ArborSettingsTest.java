package io.arbor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.install.ArtifactFetch;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The arbor settings are checked when they are read: a value outside its rule fails naming the full key. */
class ArborSettingsTest {
  private static Config with(String setting) {
    return ConfigFactory.parseString(setting).withFallback(ConfigFactory.load());
  }

  @Test
  void theDefaultsAreValid() {
    ArborSettings settings = ArborSettings.from(ConfigFactory.load());
    assertEquals(Duration.ofSeconds(10), settings.askTimeout());
    assertEquals(1000, settings.registry().snapshotEvery());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      "arbor.ask-timeout, 0s, must be a positive duration",
      "arbor.startup-timeout, -1s, must be a positive duration",
      "arbor.shutdown-timeout, 0ms, must be a positive duration",
      "arbor.watchdog-tick, -10ms, must be a positive duration",
      "arbor.health-timeout, 0s, must be a positive duration",
      "arbor.drain-timeout, 0s, must be a positive duration",
      "arbor.pause.hold-limit, 0, must be at least 1",
      "arbor.pause.mode, sometimes, must be refuse or hold",
      "arbor.pause.hold-timeout, 0s, must be a positive duration",
      "arbor.plugin-queue-limit, 0, must be at least 1",
      "arbor.max-stuck-threads, 0, must be at least 1",
      "arbor.registry.snapshot-every, 0, must be at least 1",
      "arbor.registry.snapshot-every, -5, must be at least 1",
      "arbor.registry.acknowledge-on, everywhere, must be this-node or all-members",
      "arbor.registry.members-wait, 0s, must be a positive duration",
      "arbor.registry.view.reconcile-interval, 0s, must be a positive duration",
      "arbor.registry.view.journal-catch-up-limit, 0, must be at least 1",
      "arbor.persistence.max-connections, 0, must be at least 1",
      "arbor.install.store, s3, must be database or directory",
      "arbor.install.max-entries, 0, must be at least 1",
      "arbor.install.max-archive-size, 0, must be at least 1 byte",
      "arbor.install.download-timeout, 0s, must be a positive duration",
      "arbor.install.handover-timeout, -1s, must be a positive duration"})
  void aValueOutsideItsRuleIsRefusedNamingTheKey(String key, String value, String rule) {
    InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
        () -> ArborSettings.from(with(key + " = " + value)));
    assertEquals(key, error.argument());
    assertTrue(error.rule().startsWith(rule) && error.rule().contains(value), error.getMessage());
  }

  @Test
  void theInstallSettingsNameWhatIsMissingOrMalformed() {
    InvalidArgumentException noDirectory = assertThrows(InvalidArgumentException.class,
        () -> ArborSettings.from(with("arbor.install.store = directory")));
    assertEquals("arbor.install.store-directory", noDirectory.argument());
    InvalidArgumentException badRepository = assertThrows(InvalidArgumentException.class,
        () -> ArborSettings.from(with("arbor.install.maven.repositories = [\"http://bad host/\"]")));
    assertEquals("arbor.install.maven.repositories", badRepository.argument());
    InvalidArgumentException badCertificate = assertThrows(InvalidArgumentException.class,
        () -> ArtifactFetch.from(ArborSettings.from(
            with("arbor.install.trusted-certificates = [\"/nonexistent/cert.pem\"]")).install()));
    assertEquals("arbor.install.trusted-certificates", badCertificate.argument());
  }

  @Test
  void startRefusesAnInvalidSettingBeforeItBoots() {
    InvalidArgumentException error = assertThrows(InvalidArgumentException.class,
        () -> Arbor.builder().config(ConfigFactory.parseString("arbor.ask-timeout = 0s").withFallback(TestArbor.inMemory())).start());
    assertEquals("arbor.ask-timeout", error.argument());
  }
}
