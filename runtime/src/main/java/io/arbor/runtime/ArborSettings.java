package io.arbor.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.arbor.runtime.registry.RegistryView;
import java.util.HashMap;
import java.util.Map;
import io.arbor.runtime.registry.Registry;
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
    int pluginQueueLimit,
    int maxStuckThreads,
    boolean discoverPlugins,
    boolean createSchema,
    Map<String, String> pluginDispatchers,
    Registry.Settings registry,
    RegistryView.Settings view,
    boolean acknowledgeOnAllMembers,
    Duration membersWait) {

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
    String node = arbor.getString("node-name");
    positiveCount(arbor, "persistence.max-connections"); // read by the connection pool, refused here with its key
    return new ArborSettings(
        node.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : node,
        positiveDuration(arbor, "ask-timeout"),
        positiveDuration(arbor, "startup-timeout"),
        positiveDuration(arbor, "shutdown-timeout"),
        positiveDuration(arbor, "watchdog-tick"),
        positiveDuration(arbor, "health-timeout"),
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
        positiveDuration(arbor, "registry.members-wait"));
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
