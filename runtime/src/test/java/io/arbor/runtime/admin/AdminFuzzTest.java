package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * 2,000 random and malformed requests against the admin API: every one answered in time, none with a
 * 5xx, each with a JSON body; and since none carries the token with a change that can succeed, the
 * registry is exactly as it was.
 */
class AdminFuzzTest {
  private static final String TOKEN = "fuzz-token";
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
  private static final List<String> SEGMENTS = List.of("api", "plugins", "events", "all", "history", "info", "health",
      "members", "installations", "upload", "settings", "drain", "start", "stop", "restart", "enable", "unregister", "pause",
      "resume", "audit", "greet", "trail", "ghost", "..", "%2e%2e", "%00", "%ZZ", "", "a".repeat(300), "ü", "%F0%9F%92%A5",
      "?limit=-5", "?kind=%27", "?offset=99999999999", ";x", "*");
  private static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "{\"label\":", "{\"a\":1}{\"b\":2}",
      "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/pwned\"]}", "{\"maven\":1}", "{\"url\":\"file:///etc/passwd\"}",
      "{\"n\":1e999}", "{\"n\":123456789012345678901234567890}", "[".repeat(5000), "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}",
      "\u0000\u0001\u0002", "{\"k\":\"\\ud800\"}", "x".repeat(3000));
  /** Bodies no settings update accepts: not a JSON object, not whole, a number JSON cannot hold here, too deep, too large. */
  private static final List<String> MALFORMED = List.of("", "{", "}", "[]", "null", "{\"label\":", "{\"a\":1}{\"b\":2}",
      "{\"n\":1e999}", "{\"n\":123456789012345678901234567890}", "[".repeat(5000),
      "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "\u0000\u0001\u0002", "{\"big\":\"" + "x".repeat(3000) + "\"}");

  @Test
  void randomAndMalformedRequestsGetAClearAnswerAndChangeNothing() throws Exception {
    Random random = new Random(20261203L);
    ObjectMapper json = new ObjectMapper();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", TOKEN, "arbor.admin.max-body-size", "2k",
            "arbor.admin.max-upload-size", "8k")).withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(appender("audit", 10)).plugin(appender("greet", 20, "audit")).start()) {
      AdminServer server = await(AdminServer.start(arbor));
      long version = await(arbor.registryState()).version();
      List<String> problems = new ArrayList<>();
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < 2000; i++) {
        if (random.nextInt(4) == 0) {
          // With the token, where only the body can make it fail: it must.
          boolean settings = random.nextBoolean();
          String target = settings ? "/api/plugins/" + (random.nextBoolean() ? "audit" : "ghost") + "/settings" : "/api/installations";
          String sent = settings ? MALFORMED.get(random.nextInt(MALFORMED.size())) : BODIES.get(random.nextInt(BODIES.size()));
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + target))
              .timeout(Duration.ofSeconds(10)).method(settings ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(sent))
              .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
          statuses.merge(response.statusCode(), 1, Integer::sum);
          if (response.statusCode() < 400 || response.statusCode() >= 500) {
            problems.add("accepted or failed: " + target + " " + sent + " -> " + response.statusCode() + " " + response.body());
          }
          continue;
        }
        StringBuilder path = new StringBuilder(random.nextInt(10) == 0 ? "" : "/api");
        for (int n = random.nextInt(4); n >= 0; n--) {
          path.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
        }
        String method = METHODS.get(random.nextInt(METHODS.size()));
        byte[] body = random.nextInt(5) == 0 ? randomBytes(random) : BODIES.get(random.nextInt(BODIES.size())).getBytes(StandardCharsets.UTF_8);
        URI uri;
        try {
          uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        } catch (IllegalArgumentException unrepresentable) {
          continue; // the client cannot even send it
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", random.nextBoolean() ? "application/json" : "text/plain");
        // Never the token with a change that could succeed: the right token only on a wrong method or an unknown target.
        int auth = random.nextInt(3);
        if (auth == 1) {
          request.header("Authorization", "Bearer wrong-" + random.nextInt());
        } else if (auth == 2 && (path.toString().contains("ghost") || method.equals("PATCH") || method.equals("OPTIONS"))) {
          request.header("Authorization", "Bearer " + TOKEN);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        statuses.merge(response.statusCode(), 1, Integer::sum);
        String described = method + " " + path + " -> " + response.statusCode() + " " + response.body();
        if (response.statusCode() >= 500) {
          problems.add(described);
        } else if (response.statusCode() >= 400) {
          try {
            if (!json.readTree(response.body()).hasNonNull("code")) {
              problems.add("no code: " + described);
            }
          } catch (Exception notJson) {
            problems.add("not JSON: " + described);
          }
        }
      }
      server.close();
      assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())));
      assertEquals(version, await(arbor.registryState()).version(), "the registry is unchanged");
      // The requests reached the routes, not only the router's edge: reads answered, changes refused for the token, bodies refused.
      assertTrue(statuses.keySet().containsAll(List.of(200, 400, 401, 404, 405)), statuses.toString());
      assertTrue(arbor.plugins().toCompletableFuture().join().stream().allMatch(record -> record.status().isActive()));
    }
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(4000)];
    random.nextBytes(bytes);
    return bytes;
  }
}
