package io.arbor.runtime.admin;

import com.typesafe.config.Config;
import io.arbor.runtime.InvalidArgumentException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The {@code arbor.admin} section of the configuration (reference.conf explains each key).
 *
 * @param token the bearer token of state-changing requests; empty: a random one, logged at start
 */
public record AdminSettings(String host, int port, String token, long maxBodyBytes, long maxUploadBytes) {

  public static AdminSettings from(Config config) {
    Config admin = config.getConfig("arbor.admin");
    AdminSettings settings = new AdminSettings(admin.getString("host"), admin.getInt("port"), admin.getString("token"),
        admin.getBytes("max-body-size"), admin.getBytes("max-upload-size"));
    if (settings.port() < 0 || settings.port() > 65535) {
      throw new InvalidArgumentException("arbor.admin.port", "must be between 0 and 65535 (was " + settings.port() + ")");
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

  /** Whether {@link #host} is a loopback address: only then may it run without a configured token, and serve reads without one. */
  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new InvalidArgumentException("arbor.admin.host", "does not resolve (was " + host + ")");
    }
  }
}
