package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Downloads an artifact from a URL the {@link SourcePolicy} admits, into a file: redirects are
 * followed by hand (at most {@value #MAX_REDIRECTS}) and each target admitted in turn, so a listed
 * host cannot hand the download to an unlisted one; the body is cut off past the archive size limit;
 * the connection and the whole download, redirects and body included, are bounded by one timeout.
 */
public final class UrlDownload {
  static final int MAX_REDIRECTS = 5;

  private final SourcePolicy policy;
  private final long maxBytes;
  private final Duration timeout;
  private final HttpClient client;

  public UrlDownload(SourcePolicy policy, long maxBytes, Duration timeout) {
    this.policy = policy;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
  }

  /** Downloads {@code url} to {@code target}; on any refusal or failure nothing is left at {@code target}. */
  public Path download(URI url, Path target) {
    URI current = url;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
        policy.admit(new ArtifactSource.Url(current));
        HttpResponse<InputStream> response = client.send(
            HttpRequest.newBuilder(current).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
          response.body().close();
          current = redirectTarget(url, current, response.headers().firstValue("Location").get());
          continue;
        }
        try (InputStream body = response.body()) {
          if (status != 200) {
            throw failed(url, "the server answered HTTP " + status);
          }
          // A body that trickles, or stops, is cut at the deadline: closing it ends the blocked read.
          CompletableFuture<Void> cutOff = CompletableFuture.runAsync(() -> closeQuietly(body),
              CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
          try {
            copyBounded(body, target);
          } catch (IOException e) {
            if (System.nanoTime() >= deadline) {
              throw failed(url, "not complete within " + timeout.toMillis() + " ms");
            }
            throw e;
          } finally {
            cutOff.cancel(false);
          }
          return target;
        }
      }
      throw failed(url, "more than " + MAX_REDIRECTS + " redirects");
    } catch (IOException e) {
      deleteQuietly(target);
      throw failed(url, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(url, "interrupted");
    } catch (RuntimeException e) {
      deleteQuietly(target);
      throw e;
    }
  }

  private static URI redirectTarget(URI url, URI current, String location) {
    try {
      return current.resolve(new URI(location));
    } catch (URISyntaxException e) {
      throw failed(url, "a redirect to an unusable address (" + ArchiveCheck.shown(location) + ")");
    }
  }

  private void copyBounded(InputStream body, Path target) throws IOException {
    byte[] buffer = new byte[8192];
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        copied += n;
        if (copied > maxBytes) {
          throw new InstallException(Reason.TOO_LARGE, "source", "The download is over " + maxBytes + " bytes; it was stopped there.");
        }
        out.write(buffer, 0, n);
      }
    }
  }

  private static InstallException failed(URI url, String why) {
    return new InstallException(Reason.ARTIFACT_NOT_FOUND, "source", "Cannot download " + ArchiveCheck.shown(url.toString()) + ": " + why);
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // the read it interrupts reports the failure
    }
  }

  private static void deleteQuietly(Path target) {
    try {
      Files.deleteIfExists(target);
    } catch (IOException ignored) {
      // the caller's temporary directory goes with it
    }
  }
}
