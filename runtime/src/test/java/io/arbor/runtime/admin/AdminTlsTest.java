package io.arbor.runtime.admin;

import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.InvalidArgumentException;
import io.arbor.runtime.TestArbor;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over HTTPS with a configured PKCS12 keystore; a keystore that does not open is refused at start. */
class AdminTlsTest {
  private static final String PASSWORD = "changeit";

  @TempDir
  Path dir;

  /** A self-signed key and certificate for 127.0.0.1, made with the JDK's keytool. */
  private Path keystore() throws Exception {
    Path file = dir.resolve("admin.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "admin", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, new String(keytool.getInputStream().readAllBytes()));
    return file;
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @Test
  void theApiAnswersOverHttpsAndAPlainClientIsRefused() throws Exception {
    Path keystore = keystore();
    try (Arbor arbor = Arbor.builder().config(ConfigFactory.parseMap(Map.of("arbor.admin.port", "0",
        "arbor.admin.tls.keystore", keystore.toString(), "arbor.admin.tls.password", PASSWORD)).withFallback(TestArbor.inMemory())).start();
        AdminServer server = await(AdminServer.start(arbor))) {
      URI info = URI.create("https://127.0.0.1:" + server.address().getPort() + "/api/info");
      HttpResponse<String> answer = HttpClient.newBuilder().sslContext(trusting(keystore)).build()
          .send(HttpRequest.newBuilder(info).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"status\":\"RUNNING\""), answer.body());
      assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(info).build(), HttpResponse.BodyHandlers.ofString()), "a client that does not trust the certificate");
    }
  }

  @Test
  void aKeystoreThatDoesNotOpenIsRefusedNamingTheKey() throws Exception {
    Path keystore = keystore();
    for (Map<String, String> settings : List.of(
        Map.of("arbor.admin.tls.keystore", dir.resolve("missing.p12").toString()),
        Map.of("arbor.admin.tls.keystore", keystore.toString(), "arbor.admin.tls.password", "wrong"))) {
      try (Arbor arbor = Arbor.builder().config(ConfigFactory.parseMap(settings).withFallback(TestArbor.inMemory())).start()) {
        InvalidArgumentException refused = assertThrows(InvalidArgumentException.class, () -> AdminServer.start(arbor));
        assertEquals("arbor.admin.tls.keystore", refused.argument());
      }
    }
  }
}
