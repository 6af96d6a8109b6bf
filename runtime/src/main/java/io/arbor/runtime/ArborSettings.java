package io.arbor.runtime;

import com.typesafe.config.Config;
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
    boolean discoverPlugins,
    boolean createSchema,
    Registry.Settings registry) {

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
        arbor.getBoolean("discover-plugins"),
        arbor.getBoolean("persistence.create-schema"),
        new Registry.Settings(
            arbor.getString("registry.persistence-id"),
            arbor.getString("registry.journal-plugin"),
            arbor.getString("registry.snapshot-plugin"),
            arbor.getString("registry.read-journal-plugin"),
            arbor.getInt("registry.snapshot-every")));
  }
}
