package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ConfigurablePlugin;
import io.arbor.runtime.InvalidArgumentException;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.install.StampJars;
import io.arbor.runtime.registry.PluginStatus;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over HTTP: every route's answer, its refusals, the token, and bodies malformed or too large. */
class AdminApiTest {
  private static final String TOKEN = "s3cret-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;

  private static Arbor arbor;
  private static AdminServer server;

  @BeforeAll
  static void start() {
    arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", TOKEN, "arbor.admin.max-body-size", "2k",
            "arbor.admin.max-upload-size", "200k", "arbor.install.directory", dir.resolve("node").toString()))
            .withFallback(TestArbor.inMemory()))
        .event(TRAIL)
        .plugin(appender("audit", 10))
        .plugin(appender("greet", 20, "audit"))
        .plugin(ConfigurablePlugin.definition("label", Map.of("label", "one"), new ConfigurablePlugin.Probe(), true))
        .start();
    server = await(AdminServer.start(arbor));
  }

  @AfterAll
  static void stop() {
    server.close();
    arbor.close();
  }

  private record Answer(int status, JsonNode body) {}

  private static Answer send(String method, String path, String token, HttpRequest.BodyPublisher body, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
        .method(method, body).header("Content-Type", contentType);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), path + ": " + response.body());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  private static Answer get(String path) throws Exception {
    return send("GET", path, null, HttpRequest.BodyPublishers.noBody(), "application/json");
  }

  private static Answer post(String path, String token) throws Exception {
    return send("POST", path, token, HttpRequest.BodyPublishers.noBody(), "application/json");
  }

  private static Answer put(String path, String json) throws Exception {
    return send("PUT", path, TOKEN, HttpRequest.BodyPublishers.ofString(json), "application/json");
  }

  private static void assertError(Answer answer, int status, String code, String field) {
    assertEquals(status, answer.status(), answer.body().toString());
    assertEquals(code, answer.body().get("code").asText(), answer.body().toString());
    if (field != null) {
      assertEquals(field, answer.body().get("field").asText(), answer.body().toString());
    }
    assertTrue(answer.body().get("message").asText().length() > 5);
    assertTrue(!answer.body().toString().contains("\tat "), "no stack trace");
  }

  @Test
  void aMethodARouteDoesNotTakeIsA405NamingTheOnesItTakes() throws Exception {
    Map<String, String> allowed = Map.of("POST /api/info", "GET", "PUT /api/metrics", "GET", "DELETE /api/plugins/audit/stop", "POST",
        "POST /api/plugins/label/settings", "DELETE, PUT", "PUT /api/installations", "GET, POST", "GET /api/drain", "POST",
        "POST /api/events/trail/settings", "PUT", "DELETE /api/plugins/audit", "GET");
    long version = await(arbor.registryState()).version();
    for (Map.Entry<String, String> route : allowed.entrySet()) {
      String[] request = route.getKey().split(" ");
      HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
          + request[1])).method(request[0], HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + TOKEN).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(405, answer.statusCode(), route.getKey() + ": " + answer.body());
      assertEquals(route.getValue(), answer.headers().firstValue("Allow").orElse(""), route.getKey());
      assertTrue(answer.body().contains("\"method_not_allowed\""), answer.body());
    }
    assertEquals(version, await(arbor.registryState()).version(), "nothing changed");
  }

  @Test
  void requestsRefusedBeforeRoutingAreAnsweredWithTheJsonErrorToo() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.getOutputStream().write(("GET /api/plugins/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          + "BREW /api/info HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertTrue(answer.contains("Content-Type: application/json") && answer.contains("\"code\":\"malformed\""), answer);
    }
    HttpResponse<String> longUri = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
        + "/api/" + "x".repeat(9000))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(414, longUri.statusCode());
    assertTrue(longUri.body().contains("\"code\":\"too_large\""), longUri.body());
  }

  @Test
  void aHeadRequestIsAnsweredAsAGetWithoutItsBody() throws Exception {
    HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/info"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, head.statusCode());
    assertEquals("", head.body());
  }

  @Test
  void readsAnswerWithoutATokenOnLoopback() throws Exception {
    Answer plugins = get("/api/plugins");
    assertEquals(200, plugins.status());
    assertEquals(3, plugins.body().size());
    Answer greet = get("/api/plugins/greet");
    assertEquals("audit", greet.body().get("dependsOn").get(0).asText());
    assertEquals("application", greet.body().get("origin").asText());
    assertEquals("greet", get("/api/plugins/audit").body().get("dependents").get(0).asText());

    JsonNode event = get("/api/events/trail").body();
    assertEquals(List.of("audit", "greet", "label"), JSON.convertValue(event.get("chain"), List.class), "the chain in call order");
    assertEquals(1, get("/api/events").body().size());
    assertEquals("RUNNING", get("/api/info").body().get("status").asText());
    assertTrue(get("/api/health").body().get("healthy").asBoolean());
    assertEquals(200, get("/api/members").status());
    assertEquals(200, get("/api/installations").status());
    JsonNode history = get("/api/history?plugin=greet&limit=1").body();
    assertEquals(1, history.get("changes").size());
    assertTrue(history.get("total").asInt() >= 2);

    assertError(get("/api/plugins/ghost"), 404, "plugin_not_found", "ghost");
    assertError(get("/api/events/nothing"), 404, "event_has_no_plugins", "nothing");
    assertError(get("/api/history?limit=-1"), 400, "invalid_argument", "limit");
    assertError(get("/api/history?kind=EXPLODED"), 400, "invalid_argument", "kind");
    assertError(get("/api/nowhere"), 404, "not_found", null);
    assertError(send("DELETE", "/api/info", TOKEN, HttpRequest.BodyPublishers.noBody(), "application/json"), 405, "method_not_allowed", null);
  }

  @Test
  void aChangeNeedsTheTokenAndARefusedOneChangesNothing() throws Exception {
    long version = await(arbor.registryState()).version();
    assertError(post("/api/plugins/audit/stop", null), 401, "unauthorized", "Authorization");
    assertError(post("/api/plugins/audit/stop", "wrong"), 401, "unauthorized", "Authorization");
    assertError(post("/api/plugins/audit/explode", TOKEN), 400, "invalid_argument", "operation");
    assertError(post("/api/plugins/ghost/stop", TOKEN), 404, "plugin_not_found", "ghost");
    assertEquals(version, await(arbor.registryState()).version(), "refused requests journal nothing");

    Answer stopped = post("/api/plugins/audit/stop", TOKEN);
    assertEquals(200, stopped.status(), stopped.body().toString());
    assertEquals("STOPPED", stopped.body().get("plugins").get(0).get("status").asText());
    assertEquals(PluginStatus.HELD, await(arbor.plugin("greet")).orElseThrow().status(), "its dependent is held");
    assertError(post("/api/plugins/audit/stop", TOKEN), 409, "already_stopped", "audit");
    JsonNode stop = get("/api/history?plugin=audit&kind=STOPPED&limit=1").body().get("changes").get(0);
    assertEquals("operator (admin API, 127.0.0.1): stop", stop.get("reason").asText(), "journaled with where it came from");
    assertEquals(200, post("/api/plugins/audit/enable", TOKEN).status());
    assertEquals("in>audit>greet>one", await(arbor.call(TRAIL, "in")).state());

    assertEquals(200, post("/api/events/trail/pause?mode=refuse", TOKEN).status());
    assertError(post("/api/events/trail/pause?mode=sometimes", TOKEN), 400, "invalid_argument", "mode");
    assertEquals(200, post("/api/events/trail/resume", TOKEN).status());
    assertEquals(200, post("/api/all/pause", TOKEN).status());
    assertEquals(200, post("/api/all/resume", TOKEN).status());
  }

  @Test
  void liveConfigurationThroughTheApi() throws Exception {
    Answer configured = put("/api/plugins/label/settings", "{\"label\": \"two\"}");
    assertEquals(200, configured.status(), configured.body().toString());
    assertEquals("two", configured.body().get("plugins").get(0).get("settings").get("label").asText());
    assertError(put("/api/plugins/label/settings", "{\"label\": \"bad\"}"), 422, "settings_refused", "label");
    assertError(put("/api/plugins/label/settings", "{\"label\": 1.5e400}"), 400, "invalid_argument", "body.label");
    assertError(put("/api/plugins/label/settings", "{\"label\": 123456789012345678901234567890}"), 400, "invalid_argument", "update.label");
    assertError(put("/api/plugins/label/settings", "{\"label\": "), 400, "malformed", "body");
    assertError(put("/api/plugins/label/settings", "[1, 2]"), 400, "malformed", "body");
    assertError(send("PUT", "/api/plugins/label/settings", TOKEN, HttpRequest.BodyPublishers.ofString("{\"label\": \"x\"}"),
        "text/plain"), 415, "unsupported_media_type", "Content-Type");
    assertError(put("/api/plugins/label/settings", "{\"big\": \"" + "x".repeat(4000) + "\"}"), 413, "too_large", "body");
    assertEquals("two", await(arbor.plugin("label")).orElseThrow().settings().get("label"), "the refusals changed nothing");
    JsonNode configuredChange = get("/api/history?plugin=label&kind=CONFIGURED&limit=1").body().get("changes").get(0);
    assertTrue(configuredChange.get("reason").asText().startsWith("operator (admin API, 127.0.0.1): configure {"),
        configuredChange.toString());
    Answer reset = send("DELETE", "/api/plugins/label/settings", TOKEN, HttpRequest.BodyPublishers.noBody(), "application/json");
    assertEquals(200, reset.status(), reset.body().toString());
    assertEquals("one", reset.body().get("plugins").get(0).get("settings").get("label").asText());
  }

  @Test
  void installAnUploadedJarAndUninstallIt() throws Exception {
    Path jar = new StampJars(dir).stamp("1.0.0");
    Answer installed = send("POST", "/api/installations/upload", TOKEN, HttpRequest.BodyPublishers.ofFile(jar), "application/java-archive");
    assertEquals(200, installed.status(), installed.body().toString());
    assertEquals("1.0.0", installed.body().get("version").asText());
    assertEquals("installed", get("/api/plugins/stamp").body().get("origin").asText());
    assertError(send("POST", "/api/installations/upload", TOKEN, HttpRequest.BodyPublishers.ofString("not a jar at all"),
        "application/java-archive"), 422, "corrupt_archive", null);
    assertError(send("POST", "/api/installations/upload?sha256=zz", TOKEN, HttpRequest.BodyPublishers.ofFile(jar),
        "application/java-archive"), 400, "invalid_argument", "sha256");
    assertError(send("POST", "/api/installations/upload", TOKEN, HttpRequest.BodyPublishers.ofByteArray(new byte[300_000]),
        "application/java-archive"), 413, "too_large", "body");
    assertError(send("POST", "/api/installations", TOKEN, HttpRequest.BodyPublishers.ofString("{\"maven\": \"a:b:1\", \"url\": \"https://x\"}"),
        "application/json"), 400, "invalid_argument", "maven");
    assertError(send("POST", "/api/installations", TOKEN, HttpRequest.BodyPublishers.ofString("{\"file\": \"/etc/passwd\"}"),
        "application/json"), 400, "invalid_argument", "file");
    JsonNode installedChange = get("/api/history?plugin=stamp&kind=REGISTERED&limit=1").body().get("changes").get(0);
    assertEquals("operator (admin API, 127.0.0.1): installed with stamp-1.0.0", installedChange.get("reason").asText());
    assertEquals(200, send("DELETE", "/api/installations/stamp", TOKEN, HttpRequest.BodyPublishers.noBody(), "application/json").status());
    JsonNode uninstalledChange = get("/api/history?plugin=stamp&kind=UNREGISTERED&limit=1").body().get("changes").get(0);
    assertEquals("operator (admin API, 127.0.0.1): uninstalled stamp-1.0.0", uninstalledChange.get("reason").asText());
    assertError(send("DELETE", "/api/installations/stamp", TOKEN, HttpRequest.BodyPublishers.noBody(), "application/json"),
        404, "not_installed", null);
    assertTrue(Files.exists(jar));
  }

  @Test
  void theFeedStreamsEachLifecycleChangeAsItHappens() throws Exception {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/feed")).build();
    CompletableFuture<HttpResponse<Stream<String>>> feed = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    HttpResponse<Stream<String>> response = feed.get(10, TimeUnit.SECONDS);
    assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
    Thread reader = new Thread(() -> response.body().forEach(lines::add));
    reader.setDaemon(true);
    reader.start();
    Thread.sleep(300); // the subscription is made when the stream starts
    assertEquals(200, post("/api/plugins/greet/restart", TOKEN).status());
    String change = null;
    for (String line = lines.poll(10, TimeUnit.SECONDS); line != null; line = lines.poll(10, TimeUnit.SECONDS)) {
      if (line.startsWith("data:") && line.contains("\"greet\"")) {
        change = line;
        break;
      }
    }
    assertTrue(change != null && change.contains("\"kind\":\"RESTARTED\""), String.valueOf(change));
    response.body().close();
  }

  @Test
  void thePanelsFilesAreServedWithTheirSecurityHeadersAndNothingBesideThem() throws Exception {
    String base = "http://127.0.0.1:" + server.address().getPort();
    Map<String, String> types = Map.of("/", "text/html; charset=UTF-8", "/panel/app.js", "application/javascript; charset=UTF-8",
        "/panel/style.css", "text/css; charset=UTF-8");
    for (Map.Entry<String, String> file : types.entrySet()) {
      HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + file.getKey())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), file.getKey());
      assertEquals(file.getValue(), answer.headers().firstValue("Content-Type").orElse(""), file.getKey());
      assertTrue(answer.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"), file.getKey());
      assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), file.getKey());
      assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(""), file.getKey());
    }
    // Dot segments are resolved before routing (/panel/../api/info is /api/info); encoded ones must not climb out.
    for (String outside : List.of("/panel/%2e%2e/%2e%2e/openapi.json", "/panel/%2e%2e/style.css", "/panel/..%2fapp.js",
        "/panel//etc/passwd", "/panel/missing.js", "/io/arbor/runtime/admin/openapi.json")) {
      assertError(get(outside), 404, "not_found", null);
    }
    assertError(post("/", TOKEN), 405, "method_not_allowed", null);
    for (String folder : List.of("/panel", "/panel/")) {
      HttpResponse<String> moved = HTTP.send(HttpRequest.newBuilder(URI.create(base + folder)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(301, moved.statusCode(), folder);
      assertEquals("/", moved.headers().firstValue("Location").orElse(""), folder);
    }
  }

  @Test
  void offLoopbackThePanelLoadsWithoutATokenAndEveryApiCallNeedsIt() throws Exception {
    try (Arbor wide = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.host", "0.0.0.0", "arbor.admin.port", "0", "arbor.admin.token", TOKEN))
            .withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(appender("audit", 10)).start()) {
      AdminServer open = await(AdminServer.start(wide));
      String base = "http://127.0.0.1:" + open.address().getPort();
      for (String file : List.of("/", "/panel/app.js", "/panel/style.css")) {
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + file)).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode(), file + " holds no data");
      }
      assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/plugins")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode(), "a read off loopback needs the token");
      assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/plugins")).header("Authorization", "Bearer " + TOKEN)
          .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      open.close();
    }
  }

  @Test
  void anAddressOffLoopbackNeedsAToken() {
    InvalidArgumentException refused = assertThrows(InvalidArgumentException.class, () -> AdminSettings.from(
        ConfigFactory.parseMap(Map.of("arbor.admin.host", "0.0.0.0")).withFallback(Arbor.configuration(ConfigFactory.empty()))));
    assertEquals("arbor.admin.token", refused.argument());
  }
}
