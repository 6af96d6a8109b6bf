package io.arbor.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the node launcher reads from its environment, checked before anything starts: a value it
 * cannot use fails with a {@link NodeOptionsException} naming the variable. Pure, so that every rule
 * is tested with a plain map.
 *
 * @param profile {@code ARBOR_PROFILE}: single-node (default), cluster or local-cluster
 * @param host {@code ARBOR_HOST}: the address this node binds and advertises (remoting and management)
 * @param port {@code ARBOR_PORT}: the cluster (Artery) port
 * @param seedNodes {@code ARBOR_SEED_NODES}: full {@code pekko://} addresses; this node alone when the variable is unset
 * @param management {@code ARBOR_MANAGEMENT}: whether Pekko Management (health checks, /cluster/members) runs; empty: as the
 *     profile says (on in the cluster profiles)
 * @param managementPort {@code ARBOR_MANAGEMENT_PORT}: its HTTP port
 * @param stableAfter {@code ARBOR_SBR_STABLE_AFTER}: the split-brain resolver's stable-after, when overridden
 * @param plugins {@code ARBOR_PLUGINS}: class names of plugins or plugin definition suppliers
 * @param events {@code ARBOR_EVENTS}: class names holding {@code EventType} constants to declare
 * @param database {@code ARBOR_DB_URL}, {@code ARBOR_DB_USER}, {@code ARBOR_DB_PASSWORD}: each overrides the profile's when set
 * @param h2Port {@code ARBOR_H2_PORT}: the local-cluster profile's H2 TCP server port, when overridden
 * @param admin {@code ARBOR_ADMIN}: whether the admin HTTP API runs (on by default)
 * @param adminHost {@code ARBOR_ADMIN_HOST}: the address it binds (loopback by default; another one needs a token)
 * @param adminPort {@code ARBOR_ADMIN_PORT}: its port
 * @param adminToken {@code ARBOR_ADMIN_TOKEN}: its bearer token; empty: one generated at start and logged
 */
public record NodeOptions(Profile profile, String host, int port, List<String> seedNodes, Optional<Boolean> management,
    int managementPort, Optional<Duration> stableAfter, List<String> plugins, List<String> events, Database database,
    Optional<Integer> h2Port, boolean admin, String adminHost, int adminPort, Optional<String> adminToken) {

  /** The database settings given in the environment; each empty when not set, so the profile's stays. */
  public record Database(Optional<String> url, Optional<String> user, Optional<String> password) {}

  /** The ActorSystem's name: part of every node's address, so every node of a cluster must use it. */
  public static final String SYSTEM_NAME = "arbor";
  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 25520;
  static final int DEFAULT_MANAGEMENT_PORT = 8558;
  static final int DEFAULT_ADMIN_PORT = 8070;

  public NodeOptions {
    seedNodes = List.copyOf(seedNodes);
    plugins = List.copyOf(plugins);
    events = List.copyOf(events);
  }

  /** Reads {@code env} (typically {@code System.getenv()}); unset or blank variables take their defaults. */
  public static NodeOptions from(Map<String, String> env) {
    Profile profile = Profile.of(value(env, "ARBOR_PROFILE").orElse(Profile.SINGLE_NODE.id()));
    String host = value(env, "ARBOR_HOST").orElse(DEFAULT_HOST);
    if (!host.matches("[A-Za-z0-9._:\\-\\[\\]]+")) {
      throw new NodeOptionsException("ARBOR_HOST", host, "must be a host name or an IP address");
    }
    int port = port(env, "ARBOR_PORT", DEFAULT_PORT);
    List<String> seeds = seedNodes(value(env, "ARBOR_SEED_NODES"), profile, host, port);
    Optional<Boolean> management = value(env, "ARBOR_MANAGEMENT").map(text -> flag("ARBOR_MANAGEMENT", text));
    int managementPort = port(env, "ARBOR_MANAGEMENT_PORT", DEFAULT_MANAGEMENT_PORT);
    Optional<Duration> stableAfter = value(env, "ARBOR_SBR_STABLE_AFTER").map(text -> duration("ARBOR_SBR_STABLE_AFTER", text));
    if (stableAfter.isPresent() && !profile.cluster()) {
      throw new NodeOptionsException("ARBOR_SBR_STABLE_AFTER", env.get("ARBOR_SBR_STABLE_AFTER"),
          "the split-brain resolver runs only in a cluster; set ARBOR_PROFILE to cluster or local-cluster");
    }
    Optional<String> url = value(env, "ARBOR_DB_URL");
    if (url.isPresent() && !url.get().startsWith("jdbc:")) {
      throw new NodeOptionsException("ARBOR_DB_URL", url.get(), "must be a JDBC URL (jdbc:postgresql://host:5432/db, jdbc:h2:...)");
    }
    // A password may be blank on purpose, so it is taken as given.
    Database database = new Database(url, value(env, "ARBOR_DB_USER"), Optional.ofNullable(env.get("ARBOR_DB_PASSWORD")));
    Optional<Integer> h2Port = value(env, "ARBOR_H2_PORT").map(text -> port(env, "ARBOR_H2_PORT", 0));
    boolean admin = value(env, "ARBOR_ADMIN").map(text -> flag("ARBOR_ADMIN", text)).orElse(true);
    String adminHost = value(env, "ARBOR_ADMIN_HOST").orElse(DEFAULT_HOST);
    if (!adminHost.matches("[A-Za-z0-9._:\\-\\[\\]]+")) {
      throw new NodeOptionsException("ARBOR_ADMIN_HOST", adminHost, "must be a host name or an IP address");
    }
    Optional<String> adminToken = value(env, "ARBOR_ADMIN_TOKEN");
    if (admin && adminToken.isEmpty() && !List.of("127.0.0.1", "localhost", "::1", "[::1]").contains(adminHost)) {
      throw new NodeOptionsException("ARBOR_ADMIN_HOST", adminHost,
          "is not a loopback address: set ARBOR_ADMIN_TOKEN, or leave the admin API on 127.0.0.1");
    }
    return new NodeOptions(profile, host, port, seeds, management, managementPort, stableAfter,
        names(env, "ARBOR_PLUGINS"), names(env, "ARBOR_EVENTS"), database, h2Port, admin, adminHost,
        port(env, "ARBOR_ADMIN_PORT", DEFAULT_ADMIN_PORT), adminToken);
  }

  /** This node's own address, as other nodes name it in their seed nodes. */
  public String address() {
    return "pekko://" + SYSTEM_NAME + "@" + host + ":" + port;
  }

  /** The settings the environment decides, to be laid over the profile (and the application's configuration). */
  public Config overrides() {
    Map<String, Object> settings = new HashMap<>();
    management.ifPresent(on -> settings.put("arbor-node.management", on));
    database.url().ifPresent(url -> settings.put("arbor.persistence.url", url));
    database.user().ifPresent(user -> settings.put("arbor.persistence.user", user));
    database.password().ifPresent(password -> settings.put("arbor.persistence.password", password));
    h2Port.ifPresent(h2 -> settings.put("arbor-node.h2-port", h2));
    settings.put("arbor.admin.host", adminHost);
    settings.put("arbor.admin.port", adminPort);
    adminToken.ifPresent(token -> settings.put("arbor.admin.token", token));
    if (profile.cluster()) {
      settings.put("pekko.remote.artery.canonical.hostname", host);
      settings.put("pekko.remote.artery.canonical.port", port);
      settings.put("pekko.cluster.seed-nodes", seedNodes);
      stableAfter.ifPresent(value -> settings.put("pekko.cluster.split-brain-resolver.stable-after", value.toMillis() + "ms"));
    }
    // Used only where management runs (arbor-node.management, decided by the profile unless ARBOR_MANAGEMENT is set).
    settings.put("pekko.management.http.hostname", host);
    settings.put("pekko.management.http.port", managementPort);
    if (!profile.cluster()) {
      // Both need the Cluster extension, which a single node (provider = local) does not have.
      settings.put("pekko.management.http.routes.cluster-management", "");
      settings.put("pekko.management.health-checks.readiness-checks.cluster-membership", "");
    }
    return ConfigFactory.parseMap(settings);
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    Optional<String> text = value(env, name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(text.get());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the rule
    }
    throw new NodeOptionsException(name, text.get(), "must be a port number from 0 to 65535 (0: any free port)");
  }

  private static boolean flag(String name, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new NodeOptionsException(name, text, "must be on or off");
    };
  }

  private static Duration duration(String name, String text) {
    Duration duration;
    try {
      duration = ConfigFactory.parseMap(Map.of("d", text)).getDuration("d");
    } catch (ConfigException e) {
      throw new NodeOptionsException(name, text, "must be a duration such as 7s or 1500ms", e);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new NodeOptionsException(name, text, "must be longer than zero");
    }
    return duration;
  }

  /** host:port entries (or full pekko:// addresses) as addresses; this node alone when unset, so a first node forms the cluster. */
  private static List<String> seedNodes(Optional<String> text, Profile profile, String host, int port) {
    if (text.isPresent() && !profile.cluster()) {
      throw new NodeOptionsException("ARBOR_SEED_NODES", text.get(),
          "seed nodes need a cluster profile; set ARBOR_PROFILE to cluster or local-cluster");
    }
    if (text.isEmpty()) {
      return profile.cluster() ? List.of("pekko://" + SYSTEM_NAME + "@" + host + ":" + port) : List.of();
    }
    List<String> seeds = new ArrayList<>();
    for (String entry : text.get().split(",")) {
      String seed = entry.trim();
      if (seed.isEmpty()) {
        continue;
      }
      if (seed.startsWith("pekko://")) {
        if (!seed.startsWith("pekko://" + SYSTEM_NAME + "@")) {
          throw new NodeOptionsException("ARBOR_SEED_NODES", seed, "a node launched here has the system name " + SYSTEM_NAME
              + ", so its address starts with pekko://" + SYSTEM_NAME + "@; or give host:port");
        }
        seeds.add(seed);
        continue;
      }
      int colon = seed.lastIndexOf(':');
      String portText = colon < 0 ? "" : seed.substring(colon + 1);
      if (colon <= 0 || !portText.matches("\\d{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
        throw new NodeOptionsException("ARBOR_SEED_NODES", seed, "each entry must be host:port with a port from 1 to 65535, "
            + "entries separated by commas (e.g. 10.0.0.1:25520,10.0.0.2:25520)");
      }
      seeds.add("pekko://" + SYSTEM_NAME + "@" + seed);
    }
    if (seeds.isEmpty()) {
      throw new NodeOptionsException("ARBOR_SEED_NODES", text.get(), "names no node");
    }
    return seeds;
  }

  private static List<String> names(Map<String, String> env, String name) {
    List<String> names = new ArrayList<>();
    for (String entry : value(env, name).orElse("").split(",")) {
      String className = entry.trim();
      if (className.isEmpty()) {
        continue;
      }
      if (!className.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
        throw new NodeOptionsException(name, className, "each entry must be a fully qualified class name, entries separated by commas");
      }
      names.add(className);
    }
    return names;
  }
}
