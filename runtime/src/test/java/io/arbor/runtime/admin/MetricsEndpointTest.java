package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.chain.CallObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus endpoint after a known set of calls and operations: every listed meter is there,
 * with the values the test caused; the figures the panel charts agree with it.
 */
class MetricsEndpointTest {
  private static final String TOKEN = "metrics-test-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final int PLAIN = 300;
  private static final int HALTED = 10;
  private static final int THROWN = 3;

  private static PluginDefinition<String> gate() {
    return PluginDefinition.of(PluginDescriptor.builder("gate", TRAIL).priority(20).build(),
        () -> (state, context) -> state.startsWith("halt") ? Step.halt(state + ">gate") : Step.next(state + ">gate"));
  }

  private static PluginDefinition<String> flaky() {
    return PluginDefinition.of(PluginDescriptor.builder("flaky", TRAIL).priority(30).build(), () -> (state, context) -> {
      if (state.startsWith("boom")) {
        throw new IllegalStateException("boom");
      }
      return Step.next(state + ">flaky");
    });
  }

  private static String send(String method, String path, String token, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, response.statusCode(), path + ": " + response.body());
    return response.body();
  }

  private static String base;

  /** The value of the sample {@code name} whose labels include {@code labels}, or NaN when there is none. */
  private static double value(String scrape, String name, Map<String, String> labels) {
    for (String line : scrape.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (!line.startsWith("#") && sample.matches() && sample.group(1).equals(name)) {
        Map<String, String> found = new HashMap<>();
        Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
        while (label.find()) {
          found.put(label.group(1), label.group(2));
        }
        if (found.entrySet().containsAll(labels.entrySet())) {
          return Double.parseDouble(sample.group(3));
        }
      }
    }
    return Double.NaN;
  }

  private static double sum(String scrape, String name) {
    return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void theEndpointShowsEveryListedMeterWithTheValuesOfWhatRan() throws Exception {
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", TOKEN, "arbor.metrics.interval", "200ms"))
            .withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(appender("audit", 10)).plugin(gate()).plugin(flaky()).start();
        AdminServer server = await(AdminServer.start(arbor))) {
      base = "http://127.0.0.1:" + server.address().getPort();
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (int i = 0; i < PLAIN; i++) {
        calls.add(arbor.call(TRAIL, "in").toCompletableFuture());
      }
      for (int i = 0; i < HALTED; i++) {
        calls.add(arbor.call(TRAIL, "halt").toCompletableFuture());
      }
      calls.forEach(TestArbor::await);
      for (int i = 0; i < THROWN; i++) { // one at a time: each failure restarts the plugin
        await(arbor.call(TRAIL, "boom"));
      }
      send("POST", "/api/plugins/flaky/stop", TOKEN, 200);
      send("POST", "/api/plugins/flaky/enable", TOKEN, 200);
      send("DELETE", "/api/installations/nothing-here", TOKEN, 404);
      int total = PLAIN + HALTED + THROWN;

      eventually("the members' versions are sampled after the last change", () -> {
        try {
          return value(send("GET", "/api/metrics", null, 200), "arbor_registry_member_version", Map.of()) == arbor.appliedVersion();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      String scrape = send("GET", "/api/metrics", null, 200);

      assertEquals(total, value(scrape, "arbor_plugin_calls_total", Map.of("event", "trail", "plugin", "audit")));
      assertEquals(total, value(scrape, "arbor_plugin_calls_total", Map.of("plugin", "gate")));
      assertEquals(PLAIN + THROWN, value(scrape, "arbor_plugin_calls_total", Map.of("plugin", "flaky")), "halted calls never reach it");
      assertEquals(THROWN, value(scrape, "arbor_plugin_failures_total", Map.of("plugin", "flaky", "kind", "threw")));
      double timed = value(scrape, "arbor_plugin_latency_seconds_count", Map.of("plugin", "audit"));
      // One hop in 16 on average: the chance of none in 313 is 2e-9, of more than half about 1e-100.
      assertTrue(timed > 0 && timed < total / 2.0, "one hop in " + CallObserver.TIMED_ONE_IN + " is timed: " + timed);
      assertTrue(value(scrape, "arbor_plugin_latency_seconds_sum", Map.of("plugin", "audit")) > 0);
      assertEquals(total, value(scrape, "arbor_event_calls_total", Map.of("event", "trail")));
      assertEquals(HALTED, value(scrape, "arbor_event_halts_total", Map.of("event", "trail")));
      assertEquals(0, value(scrape, "arbor_event_failures_total", Map.of("event", "trail")), "a skipped failure does not fail the call");
      assertTrue(value(scrape, "arbor_event_latency_seconds_count", Map.of("event", "trail")) > 0, "some calls are timed");
      assertEquals(1, value(scrape, "arbor_lifecycle_changes_total", Map.of("kind", "stopped")));
      assertEquals(0, value(scrape, "arbor_lifecycle_changes_total", Map.of("kind", "registered")), "registered before the server started");
      assertEquals(2, sum(scrape, "arbor_lifecycle_changes_total"), "the stop and the enable");
      assertEquals(1, value(scrape, "arbor_installs_total", Map.of("operation", "uninstall", "outcome", "not_installed")));
      assertEquals(0, value(scrape, "arbor_installs_total", Map.of("operation", "install", "outcome", "ok")));
      assertEquals(arbor.appliedVersion(), value(scrape, "arbor_registry_version", Map.of()));
      String node = await(arbor.memberVersions()).get(0).node();
      assertEquals(arbor.appliedVersion(), value(scrape, "arbor_registry_member_version", Map.of("member", node)));
      assertEquals(0, value(scrape, "arbor_registry_member_lag", Map.of("member", node)));
      assertTrue(sum(scrape, "jvm_memory_used_bytes") > 0, "the JVM's meters too");

      ObjectMapper json = new ObjectMapper();
      eventually("an interval holds the calls", () -> {
        try {
          JsonNode audit = json.readTree(send("GET", "/api/figures", null, 200)).get("plugins").get("audit");
          long inIntervals = 0;
          for (JsonNode interval : audit.get("recent")) {
            inIntervals += interval.get("calls").asLong();
          }
          return audit.get("calls").asLong() == total && inIntervals == total && audit.get("meanMillis").asDouble() > 0;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      JsonNode figures = json.readTree(send("GET", "/api/figures", null, 200));
      assertEquals(THROWN, figures.get("plugins").get("flaky").get("failures").asLong());
      assertEquals(HALTED, figures.get("events").get("trail").get("halts").asLong());
      assertEquals("trail", figures.get("plugins").get("gate").get("event").asText());
    }
  }

  @Test
  void metricsOffAnswersMetricsOffAndObservesNothing() throws Exception {
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.metrics", "off")).withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(appender("audit", 10)).start();
        AdminServer server = await(AdminServer.start(arbor))) {
      base = "http://127.0.0.1:" + server.address().getPort();
      assertTrue(send("GET", "/api/metrics", null, 404).contains("\"metrics_off\""));
      assertTrue(send("GET", "/api/figures", null, 404).contains("\"metrics_off\""));
    }
  }
}
