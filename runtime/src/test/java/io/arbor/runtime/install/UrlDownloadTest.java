package io.arbor.runtime.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a server on loopback, allowed as plain http://127.0.0.1. */
class UrlDownloadTest {
  private static final byte[] JAR = "pretend this is a jar".getBytes(StandardCharsets.US_ASCII);
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private String base;

  @TempDir
  Path dir;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/ok.jar" -> send(exchange, 200, JAR);
        case "/redirect" -> redirect(exchange, "/ok.jar");
        case "/away" -> redirect(exchange, "http://localhost:" + server.getAddress().getPort() + "/ok.jar");
        case "/loop" -> redirect(exchange, "/loop");
        case "/big" -> send(exchange, 200, new byte[4096]);
        case "/trickle" -> trickle(exchange);
        default -> send(exchange, 404, new byte[0]);
      }
    });
    server.setExecutor(handlers); // a trickling answer must not hold the server's own thread
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    handlers.shutdownNow(); // ends the trickling handler's sleep
    server.stop(0);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Headers and one byte, then nothing for far longer than the download's timeout. */
  private static void trickle(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(200, 1000);
    OutputStream out = exchange.getResponseBody();
    out.write(1);
    out.flush();
    try {
      Thread.sleep(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.close();
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private UrlDownload download(long maxBytes) {
    return new UrlDownload(new SourcePolicy(Set.of("http://127.0.0.1"), Set.of()), maxBytes, Duration.ofSeconds(5));
  }

  private InstallException refused(String path, long maxBytes) {
    Path target = dir.resolve("download.jar");
    InstallException refused = assertThrows(InstallException.class, () -> download(maxBytes).download(URI.create(base + path), target));
    assertFalse(Files.exists(target), "nothing left behind");
    return refused;
  }

  @Test
  void downloadsTheBodyAndFollowsARedirectOnTheSameHost() throws IOException {
    assertArrayEquals(JAR, Files.readAllBytes(download(1024).download(URI.create(base + "/ok.jar"), dir.resolve("a.jar"))));
    assertArrayEquals(JAR, Files.readAllBytes(download(1024).download(URI.create(base + "/redirect"), dir.resolve("b.jar"))));
  }

  @Test
  void aRedirectToAnotherHostIsCheckedAndRefused() {
    InstallException refused = refused("/away", 1024);
    assertEquals("not_allow_listed", refused.code());
    assertTrue(refused.getMessage().contains("localhost"), refused.getMessage());
  }

  @Test
  void aBodyOverTheLimitIsCutOff() {
    assertEquals("too_large", refused("/big", 1024).code());
  }

  @Test
  void aMissingArtifactAndARedirectLoopFailClearly() {
    InstallException missing = refused("/missing.jar", 1024);
    assertEquals("artifact_not_found", missing.code());
    assertTrue(missing.getMessage().contains("HTTP 404"), missing.getMessage());
    requests.set(0);
    assertTrue(refused("/loop", 1024).getMessage().contains("redirects"));
    assertEquals(UrlDownload.MAX_REDIRECTS + 1, requests.get(), "it stops after the allowed redirects");
  }

  @Test
  void aBodyThatStopsComingIsCutAtTheTimeout() {
    UrlDownload quick = new UrlDownload(new SourcePolicy(Set.of("http://127.0.0.1"), Set.of()), 1024, Duration.ofSeconds(1));
    long started = System.nanoTime();
    Path target = dir.resolve("slow.jar");
    InstallException refused = assertThrows(InstallException.class, () -> quick.download(URI.create(base + "/trickle"), target));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("artifact_not_found", refused.code());
    assertTrue(refused.getMessage().contains("not complete within 1000 ms"), refused.getMessage());
    assertTrue(tookMillis < 10_000, "cut off near its timeout, not at the server's pace: " + tookMillis + " ms");
    assertFalse(Files.exists(target), "nothing left behind");
  }

  @Test
  void plainHttpNeedsItsOwnEntry() {
    UrlDownload httpsOnly = new UrlDownload(new SourcePolicy(Set.of("127.0.0.1"), Set.of()), 1024, Duration.ofSeconds(5));
    InstallException refused = assertThrows(InstallException.class,
        () -> httpsOnly.download(URI.create(base + "/ok.jar"), dir.resolve("c.jar")));
    assertEquals("not_allow_listed", refused.code());
    assertEquals(0, requests.get(), "refused before any request");
  }
}
