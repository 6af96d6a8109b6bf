package io.arbor.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.cluster.TestPlugins.Events;
import io.arbor.runtime.admin.AdminServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher in single-node mode: the plugins named in the environment run, and /alive and /ready answer over HTTP. */
class ArborNodeTest {
  @TempDir Path directory;

  @AfterEach
  void healthyAgain() {
    TestPlugins.GREETER_HEALTHY.set(true);
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of(
        "ARBOR_DB_URL", "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath(),
        "ARBOR_EVENTS", Events.class.getName(),
        "ARBOR_PLUGINS", TestPlugins.Greeter.class.getName() + "," + TestPlugins.ShouterDefinition.class.getName(),
        "ARBOR_ADMIN_PORT", "0"));
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static ArborNode start(Map<String, String> env) {
    return ArborNode.start(NodeOptions.from(env), ArborNodeTest.class.getClassLoader());
  }

  @Test
  void theNamedPluginsRunOnTheirDeclaredEvents() {
    try (ArborNode node = start(env())) {
      assertEquals("hello ada", node.arbor().call(Events.GREET, "ada").toCompletableFuture().join().state());
      assertEquals("ADA", node.arbor().call(Events.SHOUT, "ada").toCompletableFuture().join().state());
      assertTrue(node.management().isEmpty(), "single-node opens no port unless ARBOR_MANAGEMENT=on");
    }
  }

  @Test
  void theAdminApiRunsOnLoopbackUnlessSwitchedOff() {
    try (ArborNode node = start(env("ARBOR_ADMIN_TOKEN", "node-token"))) {
      AdminServer admin = node.admin().orElseThrow();
      assertEquals("127.0.0.1", admin.address().getHostString());
      URI base = URI.create("http://127.0.0.1:" + admin.address().getPort());
      HttpResponse<String> plugins = Http.get(base, "/api/plugins");
      assertEquals(200, plugins.statusCode(), plugins.body());
      assertTrue(plugins.body().contains("\"greeter\""), plugins.body());
      assertEquals("node-token", admin.token());
    }
    try (ArborNode node = start(env("ARBOR_ADMIN", "off"))) {
      assertTrue(node.admin().isEmpty());
    }
  }

  @Test
  void readyAndAliveAnswerOverHttpAndReadyFollowsArborsHealth() {
    try (ArborNode node = start(env("ARBOR_MANAGEMENT", "on", "ARBOR_MANAGEMENT_PORT", "0"))) {
      URI management = node.management().orElseThrow();
      assertTrue(management.getPort() > 0, "port 0 was bound to a free port: " + management);
      assertEquals(200, Http.get(management, "/alive").statusCode());
      assertEquals(200, Http.get(management, "/ready").statusCode());
      assertEquals(404, Http.get(management, "/cluster/members").statusCode(), "no cluster routes on a single node");

      TestPlugins.GREETER_HEALTHY.set(false);
      HttpResponse<String> notReady = Http.await(management, "/ready", response -> response.statusCode() != 200, Duration.ofSeconds(5));
      assertEquals(500, notReady.statusCode(), notReady.body());
      assertEquals(200, Http.get(management, "/alive").statusCode(), "an unhealthy plugin takes the node out of service, not down");

      TestPlugins.GREETER_HEALTHY.set(true);
      assertEquals(200, Http.await(management, "/ready", response -> response.statusCode() == 200, Duration.ofSeconds(5)).statusCode());
    }
  }

  @Test
  void aPluginClassThatIsNotThereIsRefusedNamingIt() {
    NodeOptionsException error = assertThrows(NodeOptionsException.class, () -> start(env("ARBOR_PLUGINS", "com.acme.Missing")));
    assertEquals("ARBOR_PLUGINS", error.variable());
    assertTrue(error.getMessage().contains("com.acme.Missing") && error.getMessage().contains("no such class"), error.getMessage());
  }

  @Test
  void aPluginClassWithoutItsAnnotationOrAnEventsClassWithoutEventsIsRefused() {
    NodeOptionsException plugin = assertThrows(NodeOptionsException.class,
        () -> start(env("ARBOR_PLUGINS", TestPlugins.Unannotated.class.getName())));
    assertTrue(plugin.getMessage().contains("@ArborPlugin"), plugin.getMessage());
    NodeOptionsException events = assertThrows(NodeOptionsException.class, () -> start(env("ARBOR_EVENTS", TestPlugins.class.getName())));
    assertEquals("ARBOR_EVENTS", events.variable());
    assertTrue(events.getMessage().contains("has no public static EventType field"), events.getMessage());
  }
}
