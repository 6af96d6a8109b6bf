package io.arbor.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.admin.AdminServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Arbor node from its environment: the profile ({@code ARBOR_PROFILE}), its addresses, seed
 * nodes and database, and the plugins to register ({@code ARBOR_PLUGINS}, besides those that
 * ServiceLoader discovery finds on the class path). {@link NodeOptions} lists every variable.
 *
 * <p>Pekko Management starts before Arbor, so {@code /alive} answers during the start and {@code /ready}
 * turns 200 once Arbor has started (and, in a cluster, the node is Up). SIGTERM runs Pekko's
 * CoordinatedShutdown from the JVM's shutdown hook: the node leaves the cluster, Arbor closes, the
 * system terminates. A node that terminates for another reason (the split-brain resolver downed it)
 * exits with status 1, so that its supervisor starts it again. A bad variable exits with status 2,
 * a failed start with status 1.
 */
public final class ArborNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArborNode.class);
  /** How long the launcher waits for Pekko Management to bind its port. */
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);

  private final NodeOptions options;
  private final ActorSystem<Void> system;
  private final Arbor arbor;
  private final Optional<URI> management;
  private final Optional<AdminServer> admin;

  private ArborNode(NodeOptions options, ActorSystem<Void> system, Arbor arbor, Optional<URI> management, Optional<AdminServer> admin) {
    this.admin = admin;
    this.options = options;
    this.system = system;
    this.arbor = arbor;
    this.management = management;
  }

  public static void main(String[] args) {
    ArborNode node;
    try {
      node = start(NodeOptions.from(System.getenv()), Thread.currentThread().getContextClassLoader());
    } catch (NodeOptionsException e) {
      log.error("Arbor node not started: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      log.error("Arbor node not started: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    node.system.getWhenTerminated().toCompletableFuture().join();
    Optional<CoordinatedShutdown.Reason> reason = CoordinatedShutdown.get(node.system).getShutdownReason();
    if (reason.isPresent() && reason.get() == CoordinatedShutdown.jvmExitReason()) {
      return; // SIGTERM: the JVM is already exiting; System.exit here would wait for the hooks forever
    }
    log.error("The node's ActorSystem terminated ({}); exiting with status 1", reason.map(Object::toString).orElse("no reason given"));
    System.exit(1);
  }

  /** Starts a node with {@code options}, finding plugin and event classes through {@code loader}; fails with what went wrong. */
  public static ArborNode start(NodeOptions options, ClassLoader loader) {
    List<PluginDefinition<?>> plugins = PluginClasses.plugins(options.plugins(), loader);
    List<EventType<?>> events = PluginClasses.events(options.events(), loader);
    Config config = Arbor.configuration(options.overrides()
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(resource(options.profile().resource()))
        .withFallback(resource("arbor-management.conf")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), NodeOptions.SYSTEM_NAME, config);
    try {
      Optional<URI> management = config.getBoolean("arbor-node.management") ? Optional.of(startManagement(system)) : Optional.empty();
      Arbor arbor = Arbor.builder().system(system).discoverWith(loader)
          .event(events.toArray(EventType<?>[]::new)).plugin(plugins.toArray(PluginDefinition<?>[]::new)).start();
      Optional<AdminServer> admin = options.admin() ? Optional.of(startAdmin(arbor)) : Optional.empty();
      ArborNode node = new ArborNode(options, system, arbor, management, admin);
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "arbor-close", node::closeArbor);
      node.logStarted(config);
      return node;
    } catch (RuntimeException e) {
      system.terminate();
      awaitTermination(system);
      throw e;
    }
  }

  private static Config resource(String name) {
    return ConfigFactory.parseResources(ArborNode.class.getClassLoader(), name, ConfigParseOptions.defaults().setAllowMissing(false));
  }

  private static URI startManagement(ActorSystem<?> system) {
    try {
      return URI.create(PekkoManagement.get(system.classicSystem()).start().toCompletableFuture()
          .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).toString());
    } catch (ExecutionException e) {
      throw new IllegalStateException("Pekko Management did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Pekko Management did not bind within " + BIND_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Pekko Management", e);
    }
  }

  private static AdminServer startAdmin(Arbor arbor) {
    try {
      return AdminServer.start(arbor).toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      arbor.close();
      throw new IllegalStateException("The admin API did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      arbor.close();
      throw new IllegalStateException("The admin API did not bind within " + BIND_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      arbor.close();
      throw new IllegalStateException("interrupted while starting the admin API", e);
    }
  }

  /** Closes Arbor (its chains refuse new calls, its actors stop) before the system's remaining phases. */
  private CompletionStage<Done> closeArbor() {
    log.info("Arbor node {} stopping", address());
    // close() waits for Arbor's actors; on its own thread so the shutdown's dispatcher threads stay free.
    return CompletableFuture.supplyAsync(() -> {
      arbor.close();
      return Done.getInstance();
    }, runnable -> new Thread(runnable, "arbor-node-close").start());
  }

  private void logStarted(Config config) {
    log.info("Arbor node started: profile={} address={} management={} admin={} database={} events={} plugins={}",
        options.profile().id(), address(), management.map(uri -> uri.toString()).orElse("off"),
        admin.map(server -> "http://" + server.address().getHostString() + ":" + server.address().getPort() + "/api").orElse("off"),
        redacted(config.getString("arbor.persistence.url")),
        arbor.events().toCompletableFuture().join(), arbor.plugins().toCompletableFuture().join().stream()
            .map(plugin -> plugin.name() + " (" + plugin.event() + ", " + plugin.status() + ")").toList());
    if (options.profile().cluster()) {
      log.info("Seed nodes: {}", options.seedNodes());
    }
  }

  private static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static void awaitTermination(ActorSystem<?> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("The ActorSystem did not terminate within 30 s", e);
    }
  }

  /** This node's address: the cluster address in a cluster profile, the system's local address otherwise. */
  public String address() {
    return options.profile().cluster() ? Cluster.get(system.classicSystem()).selfAddress().toString() : system.address().toString();
  }

  /** The admin API's server, or empty when ARBOR_ADMIN is off. */
  public Optional<AdminServer> admin() {
    return admin;
  }

  /** Pekko Management's base URI (its port resolved when 0 was asked), or empty when management is off. */
  public Optional<URI> management() {
    return management;
  }

  public Arbor arbor() {
    return arbor;
  }

  /** Stops the node as SIGTERM would (CoordinatedShutdown: leave, close Arbor, terminate) and waits. */
  @Override
  public void close() {
    system.terminate();
    awaitTermination(system);
  }
}
