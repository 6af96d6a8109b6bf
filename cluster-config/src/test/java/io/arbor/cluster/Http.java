package io.arbor.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** GETs against a node's management endpoints, as an orchestrator's probe would send them. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  static HttpResponse<String> get(URI base, String path) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + base.resolve(path) + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The first answer that {@code until} accepts, asking every 100 ms; the last answer after {@code within}. */
  static HttpResponse<String> await(URI base, String path, Predicate<HttpResponse<String>> until, Duration within) {
    Instant deadline = Instant.now().plus(within);
    while (true) {
      HttpResponse<String> response = get(base, path);
      if (until.test(response) || Instant.now().isAfter(deadline)) {
        return response;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return response;
      }
    }
  }
}
