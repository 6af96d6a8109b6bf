package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request the server stops waiting for is answered with the JSON error, not Pekko HTTP's plain text. */
class AdminTimeoutTest {
  /** Validates its settings slowly: longer than the server waits. */
  private static final class SlowToValidate implements Plugin<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state);
    }

    @Override
    public void validateSettings(Map<String, Object> settings) {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void aBodyThatTricklesInIsA408WithTheJsonError() throws Exception {
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", "t", "arbor.admin.body-timeout", "1s"))
            .withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(PluginDefinition.of(PluginDescriptor.builder("slow", TRAIL).build(), SlowToValidate::new)).start();
        AdminServer server = await(AdminServer.start(arbor));
        Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.setSoTimeout(15_000);
      socket.getOutputStream().write(("PUT /api/plugins/slow/settings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\n"
          + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      StringBuilder read = new StringBuilder();
      byte[] chunk = new byte[512];
      for (int n; !read.toString().endsWith("}") && (n = socket.getInputStream().read(chunk)) > 0; ) { // the head, then the JSON body
        read.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
      }
      String answer = read.toString();
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("application/json") && answer.contains("\"code\":\"request_timeout\""), answer);
    }
  }

  @Test
  void aRequestLongerThanTheServerWaitsIsA503WithTheJsonError() throws Exception {
    try (Arbor arbor = Arbor.builder()
        .config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0", "arbor.admin.token", "t",
            "pekko.http.server.request-timeout", "1s")).withFallback(TestArbor.inMemory()))
        .event(TRAIL).plugin(PluginDefinition.of(PluginDescriptor.builder("slow", TRAIL).build(), SlowToValidate::new)).start();
        AdminServer server = await(AdminServer.start(arbor))) {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.address().getPort() + "/api/plugins/slow/settings"))
          .header("Authorization", "Bearer t").header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"level\": 2}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, answer.statusCode(), answer.body());
      assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
      assertTrue(answer.body().contains("\"code\":\"request_timeout\""), answer.body());
    }
  }
}
