package io.arbor.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.arbor.runtime.install.ArchiveCheck;
import io.arbor.runtime.install.InstallSettings;
import io.arbor.runtime.registry.PauseMode;
import io.arbor.runtime.registry.RegistryView;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.store.StoreSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The {@code arbor} section of the configuration, read once at start (see {@code reference.conf}). A
 * value outside its rule fails the start with an {@link InvalidArgumentException} naming the full key.
 */
record ArborSettings(
    String node,
    Duration askTimeout,
    Duration startupTimeout,
    Duration shutdownTimeout,
    Duration watchdogTick,
    Duration healthTimeout,
    Duration drainTimeout,
    PauseMode pauseMode,
    Map<String, PauseMode> pauseModes,
    int holdLimit,
    Duration holdTimeout,
    int pluginQueueLimit,
    int maxStuckThreads,
    boolean discoverPlugins,
    boolean createSchema,
    Map<String, String> pluginDispatchers,
    Registry.Settings registry,
    RegistryView.Settings view,
    boolean acknowledgeOnAllMembers,
    Duration membersWait,
    InstallSettings install,
    StoreSettings store) {

  /** {@code arbor.plugin-dispatchers}, plugin name to dispatcher path, each checked to exist. */
  private static Map<String, String> pluginDispatchers(Config config) {
    Map<String, String> dispatchers = new HashMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig("arbor.plugin-dispatchers").entrySet()) {
      String plugin = String.join(".", ConfigUtil.splitPath(entry.getKey()));
      String dispatcher = entry.getValue().unwrapped().toString();
      if (!config.hasPath(dispatcher) || !config.getValue(dispatcher).valueType().equals(ConfigValueType.OBJECT)) {
        throw new InvalidArgumentException("arbor.plugin-dispatchers",
            "names dispatcher '" + dispatcher + "' for plugin '" + plugin + "', which is not configured");
      }
      dispatchers.put(plugin, dispatcher);
    }
    return Map.copyOf(dispatchers);
  }

  static ArborSettings from(Config config) {
    Config arbor = config.getConfig("arbor");
    String configuredNode = arbor.getString("node-name");
    String node = configuredNode.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configuredNode;
    positiveCount(arbor, "persistence.max-connections"); // read by the connection pool, refused here with its key
    return new ArborSettings(
        node,
        positiveDuration(arbor, "ask-timeout"),
        positiveDuration(arbor, "startup-timeout"),
        positiveDuration(arbor, "shutdown-timeout"),
        positiveDuration(arbor, "watchdog-tick"),
        positiveDuration(arbor, "health-timeout"),
        positiveDuration(arbor, "drain-timeout"),
        pauseMode(arbor, "pause.mode", arbor.getString("pause.mode")),
        pauseModes(arbor),
        positiveCount(arbor, "pause.hold-limit"),
        positiveDuration(arbor, "pause.hold-timeout"),
        positiveCount(arbor, "plugin-queue-limit"),
        positiveCount(arbor, "max-stuck-threads"),
        arbor.getBoolean("discover-plugins"),
        arbor.getBoolean("persistence.create-schema"),
        pluginDispatchers(config),
        new Registry.Settings(
            arbor.getString("registry.persistence-id"),
            arbor.getString("registry.journal-plugin"),
            arbor.getString("registry.snapshot-plugin"),
            arbor.getString("registry.read-journal-plugin"),
            positiveCount(arbor, "registry.snapshot-every")),
        new RegistryView.Settings(
            positiveDuration(arbor, "ask-timeout"),
            positiveDuration(arbor, "registry.view.reconcile-interval"),
            positiveCount(arbor, "registry.view.journal-catch-up-limit")),
        acknowledgeOn(arbor),
        positiveDuration(arbor, "registry.members-wait"),
        install(arbor, node),
        new StoreSettings(consistency(arbor, "store.write-consistency"), consistency(arbor, "store.read-consistency"),
            positiveDuration(arbor, "store.timeout")));
  }

  private static StoreSettings.Consistency consistency(Config arbor, String key) {
    return switch (arbor.getString(key)) {
      case "local" -> StoreSettings.Consistency.LOCAL;
      case "majority" -> StoreSettings.Consistency.MAJORITY;
      case "all" -> StoreSettings.Consistency.ALL;
      default -> throw invalid(arbor, key, "must be local, majority or all");
    };
  }

  private static InstallSettings install(Config arbor, String node) {
    Path directory = path(arbor, "install.directory");
    String store = arbor.getString("install.store");
    Path storeDirectory = path(arbor, "install.store-directory");
    if (!store.equals("database") && !store.equals("directory")) {
      throw invalid(arbor, "install.store", "must be database or directory");
    }
    if (store.equals("directory") && storeDirectory == null) {
      throw invalid(arbor, "install.store-directory", "must name the shared directory when install.store = directory");
    }
    List<URI> repositories = new ArrayList<>();
    for (String repository : arbor.getStringList("install.maven.repositories")) {
      try {
        repositories.add(new URI(repository));
      } catch (URISyntaxException e) {
        throw new InvalidArgumentException("arbor.install.maven.repositories", "'" + repository + "' is not a URL: " + e.getMessage());
      }
    }
    long maxArchive = positiveBytes(arbor, "install.max-archive-size");
    return new InstallSettings(
        directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"), "arbor-" + node.replaceAll("[^A-Za-z0-9._-]", "_")),
        store.equals("directory") ? storeDirectory : null,
        new HashSet<>(arbor.getStringList("install.allowed-hosts")),
        new HashSet<>(arbor.getStringList("install.protected-names")),
        arbor.getStringList("install.trusted-certificates").stream().map(Path::of).toList(),
        repositories,
        path(arbor, "install.maven.user-settings") != null ? path(arbor, "install.maven.user-settings")
            : Path.of(System.getProperty("user.home"), ".m2", "settings.xml"),
        path(arbor, "install.maven.global-settings"),
        path(arbor, "install.maven.local-repository"),
        positiveBytes(arbor, "install.max-download-size"),
        positiveDuration(arbor, "install.download-timeout"),
        new ArchiveCheck.Limits(maxArchive, positiveCount(arbor, "install.max-entries"),
            positiveBytes(arbor, "install.max-entry-size"), positiveBytes(arbor, "install.max-inflated-size"),
            positiveCount(arbor, "install.max-compression-ratio")),
        positiveDuration(arbor, "install.handover-timeout"));
  }

  /** A path setting; null when empty. */
  private static Path path(Config arbor, String key) {
    String value = arbor.getString(key);
    return value.isBlank() ? null : Path.of(value);
  }

  private static long positiveBytes(Config arbor, String key) {
    long value = arbor.getBytes(key);
    if (value < 1) {
      throw invalid(arbor, key, "must be at least 1 byte");
    }
    return value;
  }

  /** {@code arbor.pause.events}: event name to the mode its pauses take without one given. */
  private static Map<String, PauseMode> pauseModes(Config arbor) {
    Map<String, PauseMode> modes = new HashMap<>();
    for (Map.Entry<String, ConfigValue> entry : arbor.getConfig("pause.events").entrySet()) {
      String event = String.join(".", ConfigUtil.splitPath(entry.getKey()));
      modes.put(event, pauseMode(arbor, "pause.events", entry.getValue().unwrapped().toString()));
    }
    return Map.copyOf(modes);
  }

  private static PauseMode pauseMode(Config arbor, String key, String value) {
    return switch (value) {
      case "refuse" -> PauseMode.REFUSE;
      case "hold" -> PauseMode.HOLD;
      default -> throw new InvalidArgumentException("arbor." + key, "must be refuse or hold (was " + value + ")");
    };
  }

  private static boolean acknowledgeOn(Config arbor) {
    String value = arbor.getString("registry.acknowledge-on");
    if (!value.equals("this-node") && !value.equals("all-members")) {
      throw invalid(arbor, "registry.acknowledge-on", "must be this-node or all-members");
    }
    return value.equals("all-members");
  }

  private static Duration positiveDuration(Config arbor, String key) {
    Duration value = arbor.getDuration(key);
    if (value.isZero() || value.isNegative()) {
      throw invalid(arbor, key, "must be a positive duration");
    }
    return value;
  }

  private static int positiveCount(Config arbor, String key) {
    int value = arbor.getInt(key);
    if (value < 1) {
      throw invalid(arbor, key, "must be at least 1");
    }
    return value;
  }

  private static InvalidArgumentException invalid(Config arbor, String key, String rule) {
    return new InvalidArgumentException("arbor." + key, rule + " (was " + arbor.getValue(key).unwrapped() + ")");
  }
}
