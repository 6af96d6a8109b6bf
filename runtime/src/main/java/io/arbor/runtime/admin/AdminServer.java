package io.arbor.runtime.admin;

import com.typesafe.config.ConfigValueFactory;
import io.arbor.runtime.Arbor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's HTTP server for one Arbor: binds {@code arbor.admin.host:port} (localhost by
 * default; another address only with a token configured), logs where it listens, and unbinds in
 * CoordinatedShutdown before the node stops serving (phase service-unbind).
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final ServerBinding binding;
  private final String token;
  private final AdminMetrics metrics;

  private AdminServer(ServerBinding binding, String token, AdminMetrics metrics) {
    this.binding = binding;
    this.token = token;
    this.metrics = metrics;
  }

  /** Starts the server with the {@code arbor.admin} settings of Arbor's ActorSystem; completes once it listens. */
  public static CompletionStage<AdminServer> start(Arbor arbor) {
    AdminSettings settings = AdminSettings.from(arbor.system().settings().config());
    boolean generated = settings.token().isBlank();
    String token = generated ? BearerToken.random() : settings.token();
    AdminMetrics metrics = settings.metrics() ? AdminMetrics.start(arbor) : null;
    AdminRoutes routes = new AdminRoutes(arbor, settings, token, metrics);
    // On this server only, not the application's: the client's address (for the log and the journal), HEAD
    // answered as GET without its body (reads count HEAD as a read), and JSON for requests refused before routing.
    ServerBuilder server = Http.get(arbor.system()).newServerAt(settings.host(), settings.port())
        .withSettings(ServerSettings.create(arbor.system().settings().config().withValue("pekko.http.server.parsing.error-handler",
                ConfigValueFactory.fromAnyRef(ParsingErrors.class.getName())))
            .withRemoteAddressAttribute(true).withTransparentHeadRequests(true));
    if (settings.tlsKeystore() != null) {
      server = server.enableHttps(ConnectionContext.httpsServer(settings.tlsContext()));
    }
    String scheme = settings.tlsKeystore() == null ? "http" : "https";
    return server.bind(routes.route())
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(Duration.ofSeconds(5), arbor.system());
          InetSocketAddress address = binding.localAddress();
          log.info("Admin API listening on {}://{}:{}/api", scheme, address.getHostString(), address.getPort());
          if (generated) {
            log.info("Admin API token (arbor.admin.token was not set, so this one was generated for this run): {}", token);
          }
          return new AdminServer(binding, token, metrics);
        })
        .whenComplete((started, error) -> {
          if (error != null && metrics != null) {
            metrics.close(); // nothing listens: no meters to keep
          }
        });
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** The token state-changing requests need: the configured one, or the one generated at start. */
  public String token() {
    return token;
  }

  /** Stops listening; requests in progress get up to 5 seconds to finish. */
  @Override
  public void close() {
    binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().join();
    if (metrics != null) {
      metrics.close();
    }
  }

  /** For CoordinatedShutdown-style callers that want a stage. */
  public CompletionStage<Done> unbind() {
    return binding.unbind();
  }
}
