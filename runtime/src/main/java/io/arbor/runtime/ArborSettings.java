package io.arbor.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.HashMap;
import java.util.Map;
import io.arbor.runtime.registry.Registry;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/** The {@code arbor} section of the configuration, read once at start (see {@code reference.conf}). */
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
    Registry.Settings registry) {

  /** {@code arbor.plugin-dispatchers}, plugin name to dispatcher path, each checked to exist. */
  private static Map<String, String> pluginDispatchers(Config config) {
    Map<String, String> dispatchers = new HashMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig("arbor.plugin-dispatchers").entrySet()) {
      String plugin = String.join(".", ConfigUtil.splitPath(entry.getKey()));
      String dispatcher = entry.getValue().unwrapped().toString();
      if (!config.hasPath(dispatcher) || !config.getValue(dispatcher).valueType().equals(ConfigValueType.OBJECT)) {
        throw new IllegalArgumentException("arbor.plugin-dispatchers: plugin '" + plugin + "' names dispatcher '"
            + dispatcher + "', which is not configured");
      }
      dispatchers.put(plugin, dispatcher);
    }
    return Map.copyOf(dispatchers);
  }

  static ArborSettings from(Config config) {
    Config arbor = config.getConfig("arbor");
    String node = arbor.getString("node-name");
    return new ArborSettings(
        node.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : node,
        arbor.getDuration("ask-timeout"),
        arbor.getDuration("startup-timeout"),
        arbor.getDuration("shutdown-timeout"),
        arbor.getDuration("watchdog-tick"),
        arbor.getDuration("health-timeout"),
        arbor.getInt("plugin-queue-limit"),
        arbor.getInt("max-stuck-threads"),
        arbor.getBoolean("discover-plugins"),
        arbor.getBoolean("persistence.create-schema"),
        pluginDispatchers(config),
        new Registry.Settings(
            arbor.getString("registry.persistence-id"),
            arbor.getString("registry.journal-plugin"),
            arbor.getString("registry.snapshot-plugin"),
            arbor.getString("registry.read-journal-plugin"),
            arbor.getInt("registry.snapshot-every")));
  }
}
