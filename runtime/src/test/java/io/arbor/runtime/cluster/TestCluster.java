package io.arbor.runtime.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Arbor nodes of one cluster on loopback, in this JVM, sharing one journal. */
public final class TestCluster implements AutoCloseable {
  static final String SYSTEM = "arbor-cluster-test";

  private final Config database;
  private final int seedPort;
  /** Whether the first node started here is the seed. */
  private final boolean seedHere;
  private final List<Arbor> nodes = new ArrayList<>();

  /** {@code database}: the journal every node shares (its persistence id included). */
  public TestCluster(Config database) {
    this(database, freePort(), true);
  }

  /** A cluster whose seed listens on {@code seedPort}: the first node started here, or one started elsewhere. */
  TestCluster(Config database, int seedPort) {
    this(database, seedPort, false);
  }

  private TestCluster(Config database, int seedPort, boolean seedHere) {
    this.database = database;
    this.seedPort = seedPort;
    this.seedHere = seedHere;
  }

  /** A node's configuration: on loopback at {@code port}, joining the seed at {@code seedPort}. */
  static Config node(String name, int port, int seedPort, Config database) {
    return ConfigFactory.parseMap(Map.of(
            "arbor.node-name", name,
            "pekko.actor.provider", "cluster",
            "pekko.remote.artery.canonical.hostname", "127.0.0.1",
            "pekko.remote.artery.canonical.port", port,
            "pekko.cluster.seed-nodes", List.of("pekko://" + SYSTEM + "@127.0.0.1:" + seedPort),
            "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on",
            "pekko.cluster.gossip-interval", "200ms",
            "pekko.cluster.leader-actions-interval", "200ms",
            "pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
            "pekko.cluster.split-brain-resolver.stable-after", "2s"))
        .withFallback(ConfigFactory.parseMap(Map.of("arbor.registry.view.reconcile-interval", "1s")))
        .withFallback(database);
  }

  public static Config h2() {
    return TestArbor.database("jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
  }

  /** The first node started is the seed, and so the oldest: it hosts the registry's singleton. */
  public Arbor start(String name, List<PluginDefinition<?>> provided, Map<String, Object> overrides) {
    int port = nodes.isEmpty() && seedHere ? seedPort : freePort();
    Config config = ConfigFactory.parseMap(overrides).withFallback(node(name, port, seedPort, database));
    Arbor arbor = Arbor.builder().systemName(SYSTEM).config(config).event(TestArbor.TRAIL)
        .provide(provided.toArray(PluginDefinition<?>[]::new)).start();
    nodes.add(arbor);
    return arbor;
  }

  public Arbor start(String name, List<PluginDefinition<?>> provided) {
    return start(name, provided, Map.of());
  }

  public void stop(Arbor node) {
    nodes.remove(node);
    node.close();
  }

  @Override
  public void close() {
    // youngest first: the oldest, the singleton's host, hands over to no one at the end
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    nodes.clear();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
