package io.arbor.runtime.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds test plugin JARs: artifact "stamp" brings plugin {@code stamp} on event {@code trail}, which
 * appends {@code >stamp-<version>} to the state, so a call shows which version served it. Each JAR
 * declares its name and version in its manifest.
 */
public final class StampJars {
  private final Path dir;

  public StampJars(Path dir) {
    this.dir = dir;
  }

  /** The stamp plugin at {@code version}, healthy. */
  public Path stamp(String version) {
    return jar("stamp", version, Map.of("com.example.stamp.Stamp", plugin("stamp", "Stamp", version, "Health.healthy()", ", priority = 10")));
  }

  /** The stamp plugin at {@code version} with a second plugin, {@code stamp.extra}, after it. */
  Path stampWithExtra(String version) {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("com.example.stamp.Stamp", plugin("stamp", "Stamp", version, "Health.healthy()", ", priority = 10"));
    sources.put("com.example.stamp.Extra", plugin("stamp.extra", "Extra", version, "Health.healthy()", ""));
    return jar("stamp", version, sources);
  }

  /** The stamp plugin at {@code version}, depending on plugin {@code absent}, which nobody registers: it is held. */
  Path heldBack(String version) {
    return jar("stamp", version, Map.of("com.example.stamp.Stamp",
        plugin("stamp", "Stamp", version, "Health.healthy()", ", dependsOn = \"absent\"")));
  }

  /** The stamp plugin at {@code version}, taking its suffix from a library nested in the JAR as {@code lib/suffix.jar}. */
  Path withNestedLibrary(String version) throws IOException {
    Path library = new PluginJar().compiled(Files.createTempDirectory(dir, "library"), Map.of("com.example.suffix.Suffix", """
        package com.example.suffix;
        public final class Suffix { public static String of(String version) { return ">nested-" + version; } }
        """)).writeTo(dir.resolve("suffix-" + System.nanoTime() + ".jar"));
    String plugin = """
        package com.example.stamp;
        import io.arbor.plugin.*;
        @ArborPlugin(name = "stamp", event = "trail")
        public final class Stamp implements Plugin<String> {
          public Step<String> call(String state, CallContext context) { return Step.next(state + com.example.suffix.Suffix.of("%s")); }
        }
        """.formatted(version);
    PluginJar jar = new PluginJar().compiled(Files.createTempDirectory(dir, "build"), Map.of("com.example.stamp.Stamp", plugin), List.of(library))
        .entry("lib/suffix.jar", Files.readAllBytes(library))
        .entry("META-INF/services/io.arbor.plugin.Plugin", "com.example.stamp.Stamp\n");
    return manifest(jar, "stamp", version).writeTo(dir.resolve("stamp-nested-" + version + ".jar"));
  }

  /** The stamp plugin at {@code version}, whose health check fails. */
  Path unhealthy(String version) {
    return jar("stamp", version, Map.of("com.example.stamp.Stamp",
        plugin("stamp", "Stamp", version, "Health.unhealthy(\"the database of version " + version + " is missing\")", ", priority = 10")));
  }

  /** A plugin whose state is an Integer, while event trail carries a String. */
  Path wrongStateType() {
    String source = """
        package com.example.stamp;
        import io.arbor.plugin.*;
        @ArborPlugin(name = "stamp", event = "trail")
        public final class Stamp implements Plugin<Integer> {
          public Step<Integer> call(Integer state, CallContext context) { return Step.next(state + 1); }
        }
        """;
    return jar("stamp", "1.0.0", Map.of("com.example.stamp.Stamp", source));
  }

  /** A JAR with classes but no plugin listed. */
  Path noPlugin() {
    return manifest(new PluginJar().entry("com/example/Nothing.txt", "no plugin here"), "stamp", "1.0.0")
        .writeTo(dir.resolve("no-plugin.jar"));
  }

  private Path jar(String name, String version, Map<String, String> sources) {
    PluginJar jar = new PluginJar();
    try {
      jar.compiled(Files.createTempDirectory(dir, "build"), sources);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jar.entry("META-INF/services/io.arbor.plugin.Plugin", String.join("\n", sources.keySet()) + "\n");
    return manifest(jar, name, version).writeTo(dir.resolve(name + "-" + version + "-" + System.nanoTime() + ".jar"));
  }

  private static PluginJar manifest(PluginJar jar, String name, String version) {
    return jar.entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: " + name
        + "\nImplementation-Version: " + version + "\n");
  }

  /** A plugin that appends its name and version, and its {@code mode} setting in brackets when it has one. */
  private static String plugin(String name, String className, String version, String health, String extra) {
    return """
        package com.example.stamp;
        import io.arbor.plugin.*;
        @ArborPlugin(name = "%s", event = "trail"%s)
        public final class %s implements Plugin<String> {
          private String mode = "";
          public void start(PluginContext context) {
            io.arbor.runtime.install.InstalledLoaders.started(this);
            Object configured = context.extra().get("mode");
            mode = configured == null ? "" : "[" + configured + "]";
          }
          public Step<String> call(String state, CallContext context) { return Step.next(state + ">%s-%s" + mode); }
          public Health health() { return %s; }
        }
        """.formatted(name, extra, className, name, version, health);
  }
}
