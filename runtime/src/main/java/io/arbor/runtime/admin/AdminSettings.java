package io.arbor.runtime.admin;

import com.typesafe.config.Config;
import io.arbor.runtime.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code arbor.admin} section of the configuration (reference.conf explains each key).
 *
 * @param token the bearer token of state-changing requests; empty: a random one, logged at start
 * @param tlsKeystore a PKCS12 keystore with the server's key and certificate: HTTPS; null: plain HTTP
 * @param metrics whether the server serves metrics ({@code /api/metrics}, {@code /api/figures})
 * @param bodyTimeout how long a JSON body may take to arrive whole
 */
public record AdminSettings(String host, int port, String token, long maxBodyBytes, long maxUploadBytes, Path tlsKeystore,
    String tlsPassword, boolean metrics, Duration bodyTimeout) {

  public static AdminSettings from(Config config) {
    Config admin = config.getConfig("arbor.admin");
    String keystore = admin.getString("tls.keystore");
    AdminSettings settings = new AdminSettings(admin.getString("host"), admin.getInt("port"), admin.getString("token"),
        admin.getBytes("max-body-size"), admin.getBytes("max-upload-size"), keystore.isBlank() ? null : Path.of(keystore),
        admin.getString("tls.password"), admin.getBoolean("metrics"), admin.getDuration("body-timeout"));
    if (settings.tlsKeystore() != null && !Files.isReadable(settings.tlsKeystore())) {
      throw new InvalidArgumentException("arbor.admin.tls.keystore", "must be a readable PKCS12 file (was " + keystore + ")");
    }
    if (settings.port() < 0 || settings.port() > 65535) {
      throw new InvalidArgumentException("arbor.admin.port", "must be between 0 and 65535 (was " + settings.port() + ")");
    }
    if (settings.bodyTimeout().isNegative() || settings.bodyTimeout().isZero()) {
      throw new InvalidArgumentException("arbor.admin.body-timeout", "must be positive (was " + settings.bodyTimeout() + ")");
    }
    if (settings.maxBodyBytes() < 1 || settings.maxUploadBytes() < 1) {
      throw new InvalidArgumentException("arbor.admin.max-body-size", "and max-upload-size must be positive");
    }
    if (!settings.loopback() && settings.token().isBlank()) {
      throw new InvalidArgumentException("arbor.admin.token", "must be set to bind the admin API to " + settings.host()
          + ", which is not a loopback address");
    }
    return settings;
  }

  /** The server's TLS context from {@link #tlsKeystore}; a keystore that does not open is refused naming the key. */
  public SSLContext tlsContext() {
    try (InputStream in = Files.newInputStream(tlsKeystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, tlsPassword.toCharArray());
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, tlsPassword.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidArgumentException("arbor.admin.tls.keystore", "does not open as a PKCS12 keystore with arbor.admin.tls.password ("
          + e.getMessage() + ")");
    }
  }

  /** Whether {@link #host} is a loopback address: only then may it run without a configured token, and serve reads without one. */
  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new InvalidArgumentException("arbor.admin.host", "does not resolve (was " + host + ")");
    }
  }
}
