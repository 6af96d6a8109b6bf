package io.arbor.runtime.install;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.LifecycleChange;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs, upgrades, rolls back and uninstalls real plugin JARs built at test time, through the
 * public API of one node: what calls see, what the registry journals, and what is left on disk and
 * in memory afterwards.
 */
class InstallTest {
  @TempDir
  Path dir;

  private Config config() {
    return ConfigFactory.parseMap(Map.of("arbor.install.directory", dir.resolve("node").toString()))
        .withFallback(TestArbor.inMemory());
  }

  private static String call(Arbor arbor) {
    return await(arbor.call(TRAIL, "in")).state();
  }

  /** The artifact versions this node has loaded, by SHA-256 (a directory each, {@code <sha256>-<n>}). */
  private List<String> loadedHere() throws IOException {
    Path loaded = dir.resolve("node/loaded");
    if (!Files.exists(loaded)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(loaded)) {
      return versions.map(path -> path.getFileName().toString()).map(name -> name.substring(0, name.lastIndexOf('-'))).sorted().toList();
    }
  }

  private static ArborException refusal(Arbor arbor, InstallRequest request) {
    CompletionException failed = assertThrows(CompletionException.class,
        () -> arbor.install(request).toCompletableFuture().join());
    return assertInstanceOf(ArborException.class, failed.getCause());
  }

  @Test
  void installUpgradeAndUninstallChangeWhatCallsRunAndLeaveNoLoaderBehind() throws Exception {
    StampJars jars = new StampJars(dir);
    try (Arbor arbor = Arbor.builder().config(config()).event(TRAIL).start()) {
      Installation v1 = await(arbor.install(InstallRequest.file(jars.stamp("1.0.0"))));
      assertEquals(new Installation("stamp", "1.0.0", v1.sha256(), List.of("stamp"), List.of("trail")), v1);
      assertEquals("in>stamp-1.0.0", call(arbor), "callable once install() completed");
      assertEquals(Map.of("stamp", v1), await(arbor.installations()));
      assertEquals(List.of(v1.sha256()), loadedHere());

      Installation v2 = await(arbor.install(InstallRequest.file(jars.stampWithExtra("2.0.0"))));
      assertEquals(List.of("stamp", "stamp.extra"), v2.plugins());
      assertEquals("in>stamp-2.0.0>stamp.extra-2.0.0", call(arbor));
      List<WeakReference<ClassLoader>> old = InstalledLoaders.named("stamp-1.0.0");
      assertFalse(old.isEmpty());
      assertTrue(InstalledLoaders.collected(old), "the 1.0.0 class loader was garbage-collected after the upgrade");
      TestArbor.eventually("1.0.0's files are removed", () -> {
        try {
          return loadedHere().equals(List.of(v2.sha256()));
        } catch (IOException e) {
          return false;
        }
      });

      List<String> history = await(arbor.history()).stream().map(change -> change.kind() + " " + change.plugin() + ": " + change.reason())
          .toList();
      assertTrue(history.contains("REDECLARED stamp: upgraded to stamp-2.0.0"), history.toString());
      assertTrue(history.contains("REGISTERED stamp.extra: installed with stamp-2.0.0"), history.toString());

      assertEquals(v2, await(arbor.uninstall("stamp")));
      assertEquals("in", call(arbor));
      assertTrue(await(arbor.installations()).isEmpty());
      assertTrue(await(arbor.plugins()).isEmpty());
      List<WeakReference<ClassLoader>> last = InstalledLoaders.named("stamp-2.0.0");
      assertTrue(InstalledLoaders.collected(last), "the 2.0.0 class loader was garbage-collected after the uninstall");
      TestArbor.eventually("2.0.0's files are removed", () -> {
        try {
          return loadedHere().isEmpty();
        } catch (IOException e) {
          return false;
        }
      });
    }
  }

  @Test
  void anUpgradeKeepsTheRuntimeOverrideOfThePluginsSettings() throws Exception {
    StampJars jars = new StampJars(dir);
    try (Arbor arbor = Arbor.builder().config(config()).event(TRAIL).start()) {
      await(arbor.install(InstallRequest.file(jars.stamp("1.0.0"))));
      await(arbor.configure("stamp", Map.of("mode", "loud")));
      TestArbor.eventually("restarted with the setting (no configure hook)", () -> call(arbor).equals("in>stamp-1.0.0[loud]"));

      await(arbor.install(InstallRequest.file(jars.stampWithExtra("2.0.0"))));
      assertEquals("in>stamp-2.0.0[loud]>stamp.extra-2.0.0", call(arbor), "the new version started with the override");
      assertEquals(Map.of("mode", "loud"), await(arbor.plugin("stamp")).orElseThrow().settings());
    }
  }

  @Test
  void anUpgradeWhoseNewVersionFailsItsHealthCheckLeavesTheNodeExactlyAsItWas() throws Exception {
    StampJars jars = new StampJars(dir);
    try (Arbor arbor = Arbor.builder().config(config()).event(TRAIL).start()) {
      Installation v1 = await(arbor.install(InstallRequest.file(jars.stamp("1.0.0"))));
      List<LifecycleChange> before = await(arbor.history());
      List<String> chainBefore = arbor.chain("trail").orElseThrow().plugins();

      ArborException refused = refusal(arbor, InstallRequest.file(jars.unhealthy("1.1.0")));
      assertEquals("plugin_not_started", refused.code());
      assertTrue(refused.getMessage().contains("the database of version 1.1.0 is missing"), refused.getMessage());

      assertEquals("in>stamp-1.0.0", call(arbor), "1.0.0 still serves");
      assertEquals(before, await(arbor.history()), "no journal event");
      assertEquals(Map.of("stamp", v1), await(arbor.installations()));
      assertEquals(chainBefore, arbor.chain("trail").orElseThrow().plugins());
      assertTrue(InstalledLoaders.collected(InstalledLoaders.named("stamp-1.1.0")), "no loader left");
      TestArbor.eventually("no file left", () -> {
        try {
          return loadedHere().equals(List.of(v1.sha256()));
        } catch (IOException e) {
          return false;
        }
      });
    }
  }

  @Test
  void aPluginInstalledHeldLeavesNoActorBehindItsChainAndItsLoaderIsCollectedAfterTheUninstall() throws Exception {
    StampJars jars = new StampJars(dir);
    try (Arbor arbor = Arbor.builder().config(config()).event(TRAIL).start()) {
      await(arbor.install(InstallRequest.file(jars.heldBack("1.0.0"))));
      assertEquals(PluginStatus.HELD, await(arbor.plugin("stamp")).orElseThrow().status());
      assertEquals("in", call(arbor), "held: not in the chain");
      List<WeakReference<ClassLoader>> loaders = InstalledLoaders.named("stamp-1.0.0");
      assertFalse(loaders.isEmpty(), "its actor was prepared");
      await(arbor.uninstall("stamp"));
      assertTrue(InstalledLoaders.collected(loaders), "the prepared actor the chain never took was stopped");
    }
  }

  @Test
  void aLibraryNestedInTheJarIsLoadedWithIt() throws Exception {
    StampJars jars = new StampJars(dir);
    try (Arbor arbor = Arbor.builder().config(config()).event(TRAIL).start()) {
      await(arbor.install(InstallRequest.file(jars.withNestedLibrary("1.0.0"))));
      assertEquals("in>nested-1.0.0", call(arbor), "the plugin calls into lib/suffix.jar");
    }
  }

  @Test
  void mavenCoordinatesInstallTheArtifactWithItsDependenciesFromTheConfiguredRepository() throws Exception {
    StampJars jars = new StampJars(dir);
    Path remote = dir.resolve("remote");
    Files.createDirectories(remote);
    FileRepository.deploy(remote, "com.example", "helper", "1.0.0", "");
    FileRepository.deploy(remote, "com.example", "stamp", "1.0.0",
        "<dependency><groupId>com.example</groupId><artifactId>helper</artifactId><version>1.0.0</version></dependency>",
        jars.stamp("1.0.0"));
    Config maven = ConfigFactory.parseMap(Map.of(
        "arbor.install.maven.repositories", List.of(remote.toUri().toString()),
        "arbor.install.maven.local-repository", dir.resolve("local-repository").toString(),
        "arbor.install.maven.user-settings", dir.resolve("no-settings.xml").toString())).withFallback(config());
    try (Arbor arbor = Arbor.builder().config(maven).event(TRAIL).start()) {
      Installation installed = await(arbor.install(InstallRequest.maven("com.example:stamp:1.0.0")));
      assertEquals("stamp", installed.name(), "named after the artifactId");
      assertEquals("1.0.0", installed.version());
      assertEquals("in>stamp-1.0.0", call(arbor));
      try (Stream<Path> versions = Files.list(dir.resolve("node/loaded"))) {
        Path version = versions.findFirst().orElseThrow();
        assertTrue(Files.exists(version.resolve("dependency-0.jar")), "its dependency is loaded with it");
      }
    }
  }

  @Test
  void aColdRestartLoadsTheInstalledVersionFromTheStoreBeforeTheFirstCall() throws Exception {
    StampJars jars = new StampJars(dir);
    Config journal = ConfigFactory.parseMap(Map.of("arbor.install.directory", dir.resolve("node").toString()))
        .withFallback(TestArbor.database("jdbc:h2:file:" + dir.resolve("journal").toAbsolutePath(), "sa", "arbor-restart"));
    Installation upgraded;
    try (Arbor arbor = Arbor.builder().config(journal).event(TRAIL).start()) {
      await(arbor.install(InstallRequest.file(jars.stamp("1.0.0"))));
      upgraded = await(arbor.install(InstallRequest.file(jars.stampWithExtra("1.1.0"))));
    }
    ArtifactFetch.deleteRecursively(dir.resolve("node")); // a fresh machine: nothing on its disk but the database
    try (Arbor arbor = Arbor.builder().config(journal).event(TRAIL).start()) {
      assertEquals("in>stamp-1.1.0>stamp.extra-1.1.0", call(arbor), "the first call after start runs the installed version");
      assertEquals(Map.of("stamp", upgraded), await(arbor.installations()));
      assertEquals(List.of(upgraded.sha256()), loadedHere());
    }
  }
}
