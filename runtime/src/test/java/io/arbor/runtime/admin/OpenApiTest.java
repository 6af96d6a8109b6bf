package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI description the server serves matches its routes: every operation it lists is routed
 * (answered by the route, not by the router's not_found or method_not_allowed), with a token exactly
 * where it says so; and a path it does not list is not routed (but for the web panel's files at
 * {@code /} and {@code /panel/}).
 */
class OpenApiTest {
  private static final String TOKEN = "openapi-token";
  /** Values for the path parameters that name nothing, so that no listed change can succeed. */
  private static final Map<String, String> VALUES = Map.of("{plugin}", "ghost", "{event}", "nothing", "{name}", "ghost",
      "{operation}", "explode");

  @Test
  void everyListedOperationIsRoutedAndNothingElseIs() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", TOKEN)).withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(appender("audit", 10)).start()) {
      AdminServer server = await(AdminServer.start(arbor));
      String base = "http://127.0.0.1:" + server.address().getPort();
      JsonNode doc = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertEquals("3.0.3", doc.get("openapi").asText());
      long version = await(arbor.registryState()).version();
      List<String> unrouted = new ArrayList<>();
      int operations = 0;
      for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
        Map.Entry<String, JsonNode> path = paths.next();
        String concrete = path.getKey();
        for (Map.Entry<String, String> value : VALUES.entrySet()) {
          concrete = concrete.replace(value.getKey(), value.getValue());
        }
        if (concrete.equals("/api/drain") || concrete.equals("/api/feed")) {
          continue; // the drain would end this node's service; the feed never ends (both tested in AdminApiTest)
        }
        for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
          Map.Entry<String, JsonNode> method = methods.next();
          operations++;
          boolean secured = method.getValue().has("security");
          HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + concrete)).timeout(Duration.ofSeconds(10))
              .method(method.getKey().toUpperCase(), HttpRequest.BodyPublishers.ofString("{}"))
              .header("Content-Type", "application/json");
          if (secured) {
            HttpResponse<String> refused = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), method.getKey() + " " + concrete + " is listed as needing the token");
            request.header("Authorization", "Bearer " + TOKEN);
          }
          HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          String code = answer.statusCode() == 200 ? "" : json.readTree(answer.body()).path("code").asText();
          if (code.equals("not_found") || code.equals("method_not_allowed") || answer.statusCode() >= 500) {
            unrouted.add(method.getKey() + " " + path.getKey() + " -> " + answer.statusCode() + " " + answer.body());
          }
        }
      }
      assertEquals(List.of(), unrouted);
      assertTrue(operations >= 19, "the description lists the routes: " + operations);
      assertEquals(version, await(arbor.registryState()).version(), "no listed change succeeded on names that name nothing");

      // The web panel's files are not API paths: served, but only they.
      for (String panel : List.of("/", "/panel/app.js")) {
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + panel)).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode(), panel);
      }
      for (String unlisted : List.of("/api/plugin", "/api/events/trail/chain/extra", "/api/secrets", "/api/openapi.yaml", "/secrets",
          "/index.html", "/panel/missing.js")) {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + unlisted)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(404, answer.statusCode(), unlisted + ": " + answer.body());
      }
      server.close();
    }
  }
}
