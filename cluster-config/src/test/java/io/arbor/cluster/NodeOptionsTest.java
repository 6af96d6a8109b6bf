package io.arbor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The launcher's environment variables: defaults, what each turns into, and a clear refusal for each bad value. */
class NodeOptionsTest {

  @Test
  void anEmptyEnvironmentIsASingleNodeWithNoPortOpened() {
    NodeOptions options = NodeOptions.from(Map.of());
    assertEquals(Profile.SINGLE_NODE, options.profile());
    assertEquals(List.of(), options.seedNodes());
    assertEquals(Optional.empty(), options.management(), "the profile decides: off for single-node");
    Config overrides = options.overrides();
    assertFalse(overrides.hasPath("pekko.remote.artery.canonical.port"));
    assertFalse(overrides.hasPath("arbor.persistence.url"));
    assertEquals("", overrides.getString("pekko.management.health-checks.readiness-checks.cluster-membership"),
        "a single node has no cluster membership to check");
  }

  @Test
  void aClusterNodeDefaultsToLoopbackOnPort25520SeedingItself() {
    NodeOptions options = NodeOptions.from(Map.of("ARBOR_PROFILE", "cluster"));
    assertEquals("pekko://arbor@127.0.0.1:25520", options.address());
    assertEquals(List.of("pekko://arbor@127.0.0.1:25520"), options.seedNodes());
    Config overrides = options.overrides();
    assertEquals("127.0.0.1", overrides.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(25520, overrides.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(8558, overrides.getInt("pekko.management.http.port"));
    assertFalse(overrides.hasPath("pekko.management.health-checks.readiness-checks.cluster-membership"));
  }

  @Test
  void everyVariableLandsInItsSetting() {
    NodeOptions options = NodeOptions.from(Map.ofEntries(
        Map.entry("ARBOR_PROFILE", "local-cluster"),
        Map.entry("ARBOR_HOST", "10.0.0.7"),
        Map.entry("ARBOR_PORT", "25522"),
        Map.entry("ARBOR_SEED_NODES", " 10.0.0.5:25521, 10.0.0.6:25521 ,pekko://arbor@10.0.0.9:2552,"),
        Map.entry("ARBOR_MANAGEMENT", "off"),
        Map.entry("ARBOR_MANAGEMENT_PORT", "8562"),
        Map.entry("ARBOR_SBR_STABLE_AFTER", "3s"),
        Map.entry("ARBOR_DB_URL", "jdbc:postgresql://db:5432/arbor"),
        Map.entry("ARBOR_DB_USER", "arbor"),
        Map.entry("ARBOR_DB_PASSWORD", ""),
        Map.entry("ARBOR_H2_PORT", "9999"),
        Map.entry("ARBOR_PLUGINS", "com.acme.One, com.acme.Two$Inner"),
        Map.entry("ARBOR_EVENTS", "com.acme.Events"),
        Map.entry("ARBOR_ADMIN_HOST", "10.0.0.7"),
        Map.entry("ARBOR_ADMIN_PORT", "8071"),
        Map.entry("ARBOR_ADMIN_TOKEN", "t0ken")));
    assertEquals(List.of("pekko://arbor@10.0.0.5:25521", "pekko://arbor@10.0.0.6:25521", "pekko://arbor@10.0.0.9:2552"),
        options.seedNodes());
    assertEquals(List.of("com.acme.One", "com.acme.Two$Inner"), options.plugins());
    assertEquals(List.of("com.acme.Events"), options.events());
    assertEquals(Optional.of(Duration.ofSeconds(3)), options.stableAfter());
    Config overrides = options.overrides();
    assertEquals("10.0.0.7", overrides.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals(25522, overrides.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(options.seedNodes(), overrides.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(Duration.ofSeconds(3), overrides.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    assertFalse(overrides.getBoolean("arbor-node.management"));
    assertEquals("10.0.0.7", overrides.getString("pekko.management.http.hostname"));
    assertEquals(8562, overrides.getInt("pekko.management.http.port"));
    assertEquals("jdbc:postgresql://db:5432/arbor", overrides.getString("arbor.persistence.url"));
    assertEquals("arbor", overrides.getString("arbor.persistence.user"));
    assertEquals("", overrides.getString("arbor.persistence.password"), "an empty password is a password");
    assertEquals(9999, overrides.getInt("arbor-node.h2-port"));
    assertTrue(options.admin(), "the admin API is on unless ARBOR_ADMIN=off");
    assertEquals("10.0.0.7", overrides.getString("arbor.admin.host"));
    assertEquals(8071, overrides.getInt("arbor.admin.port"));
    assertEquals("t0ken", overrides.getString("arbor.admin.token"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "ARBOR_PROFILE          | cluster-of-one        | must be one of single-node, cluster, local-cluster",
      "ARBOR_PORT             | twenty                | must be a port number from 0 to 65535",
      "ARBOR_PORT             | 65536                 | must be a port number from 0 to 65535",
      "ARBOR_MANAGEMENT_PORT  | -1                    | must be a port number from 0 to 65535",
      "ARBOR_H2_PORT          | 9o92                  | must be a port number from 0 to 65535",
      "ARBOR_HOST             | my host               | must be a host name or an IP address",
      "ARBOR_MANAGEMENT       | maybe                 | must be on or off",
      "ARBOR_SEED_NODES       | 10.0.0.5              | each entry must be host:port",
      "ARBOR_SEED_NODES       | 10.0.0.5:0            | each entry must be host:port",
      "ARBOR_SEED_NODES       | pekko://other@h:2552  | its address starts with pekko://arbor@",
      "ARBOR_SEED_NODES       | ','                   | names no node",
      "ARBOR_SBR_STABLE_AFTER | soon                  | must be a duration such as 7s",
      "ARBOR_SBR_STABLE_AFTER | 0s                    | must be longer than zero",
      "ARBOR_DB_URL           | postgres://db/arbor   | must be a JDBC URL",
      "ARBOR_PLUGINS          | com.acme.My Plugin    | each entry must be a fully qualified class name",
      "ARBOR_ADMIN            | perhaps               | must be on or off",
      "ARBOR_ADMIN_PORT       | 70000                 | must be a port number from 0 to 65535",
      "ARBOR_ADMIN_HOST       | 0.0.0.0               | is not a loopback address: set ARBOR_ADMIN_TOKEN",
  })
  void aBadValueIsRefusedNamingTheVariableTheValueAndTheRule(String variable, String value, String rule) {
    Map<String, String> env = variable.equals("ARBOR_PROFILE") ? Map.of(variable, value) : Map.of("ARBOR_PROFILE", "cluster", variable, value);
    NodeOptionsException error = assertThrows(NodeOptionsException.class, () -> NodeOptions.from(env));
    assertEquals(variable, error.variable());
    assertTrue(error.getMessage().startsWith(variable + "=" + value), error.getMessage());
    assertTrue(error.getMessage().contains(rule), error.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"ARBOR_SEED_NODES, 10.0.0.5:25520", "ARBOR_SBR_STABLE_AFTER, 5s"})
  void clusterSettingsOnASingleNodeAreRefusedRatherThanIgnored(String variable, String value) {
    NodeOptionsException error = assertThrows(NodeOptionsException.class, () -> NodeOptions.from(Map.of(variable, value)));
    assertEquals(variable, error.variable());
    assertTrue(error.getMessage().contains("ARBOR_PROFILE to cluster or local-cluster"), error.getMessage());
  }
}
