package io.arbor.examples;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** What the examples that start several cluster members on this machine share. */
public final class LoopbackCluster {
  private LoopbackCluster() {}

  /** A TCP port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The settings of one member of ActorSystem {@code system} on 127.0.0.1:{@code port}, joining
   * through the member on {@code seedPort}; several members may share this JVM.
   */
  public static Config member(String system, String name, int port, int seedPort) {
    return ConfigFactory.parseMap(Map.of(
        "arbor.node-name", name,
        "pekko.actor.provider", "cluster",
        "pekko.remote.artery.canonical.hostname", "127.0.0.1",
        "pekko.remote.artery.canonical.port", port,
        "pekko.cluster.seed-nodes", List.of("pekko://" + system + "@127.0.0.1:" + seedPort),
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
  }
}
