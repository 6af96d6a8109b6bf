package io.arbor.runtime.install;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.cluster.TestCluster;
import io.arbor.runtime.health.PluginHealth;
import io.arbor.runtime.registry.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs on a three-node cluster sharing one journal (and so the artifact store in its database):
 * every node loads what one node installed, from the store, by itself; a node that joins later loads
 * it too; upgrades and uninstalls reach every node; two concurrent installs of one artifact through
 * two nodes: one wins, the other gets a conflict.
 */
class ClusterInstallTest {
  @TempDir
  Path dir;

  private final Config database = TestCluster.h2();

  private Arbor node(TestCluster cluster, String name) {
    return cluster.start(name, List.of(), Map.of("arbor.install.directory", dir.resolve(name).toString()));
  }

  private static String call(Arbor node) {
    return await(node.call(TRAIL, "in")).state();
  }

  @Test
  void anInstallThroughOneNodeIsCallableOnEveryNodeWhichFetchesItFromTheStore() throws Exception {
    StampJars jars = new StampJars(dir);
    try (TestCluster cluster = new TestCluster(database)) {
      Arbor a = node(cluster, "a");
      Arbor b = node(cluster, "b");
      Arbor c = node(cluster, "c");
      List<Arbor> all = List.of(a, b, c);

      Path source = jars.stamp("1.0.0");
      Installation installed = await(b.install(InstallRequest.file(source)));
      Files.delete(source); // the other nodes never read it: they get the bytes from the store
      for (Arbor node : all) {
        eventually("1.0.0 serves on " + node.system().address(), () -> call(node).equals("in>stamp-1.0.0"));
      }
      try (Stream<Path> loaded = Files.list(dir.resolve("c/loaded"))) {
        assertTrue(loaded.anyMatch(version -> version.getFileName().toString().startsWith(installed.sha256())
            && Files.exists(version.resolve("artifact.jar"))), "c loaded its own copy");
      }

      Path next = jars.stampWithExtra("2.0.0");
      await(c.install(InstallRequest.file(next)));
      Files.delete(next);
      for (Arbor node : all) {
        eventually("2.0.0 serves on " + node.system().address(), () -> call(node).equals("in>stamp-2.0.0>stamp.extra-2.0.0"));
        assertEquals("2.0.0", await(node.installations()).get("stamp").version());
      }

      Arbor late = node(cluster, "late");
      assertEquals("in>stamp-2.0.0>stamp.extra-2.0.0", call(late), "a node that joins later loads the installed version at start");

      await(a.uninstall("stamp"));
      for (Arbor node : List.of(a, b, c, late)) {
        eventually("the uninstall is in effect on " + node.system().address(), () -> call(node).equals("in"));
      }
      assertTrue(InstalledLoaders.collected(InstalledLoaders.named("stamp-1.0.0")), "every node's 1.0.0 loader is collected");
      assertTrue(InstalledLoaders.collected(InstalledLoaders.named("stamp-2.0.0")), "every node's 2.0.0 loader is collected");
    }
  }

  @Test
  void anInstallWhileANodeJoinsConverges() throws Exception {
    StampJars jars = new StampJars(dir);
    Path jar = jars.stamp("1.0.0");
    try (TestCluster cluster = new TestCluster(database)) {
      Arbor a = node(cluster, "a");
      CompletableFuture<Arbor> joining = CompletableFuture.supplyAsync(() -> node(cluster, "joining"));
      Installation installed = await(a.install(InstallRequest.file(jar)));
      Arbor joined = joining.get(60, TimeUnit.SECONDS);
      eventually("the node that joined during the install serves it", () -> call(joined).equals("in>stamp-1.0.0"));
      assertEquals(Map.of("stamp", installed), await(joined.installations()));
    }
  }

  @Test
  void aNodeThatCannotLoadAnInstalledArtifactReportsWhichPluginsAndWhy() throws Exception {
    StampJars jars = new StampJars(dir);
    try (TestCluster cluster = new TestCluster(database)) {
      Arbor a = node(cluster, "a");
      Installation installed = await(a.install(InstallRequest.file(jars.stamp("1.0.0"))));
      try (Connection connection = DriverManager.getConnection(database.getString("arbor.persistence.url"), "sa", "")) {
        connection.createStatement().execute("UPDATE arbor_artifact SET content = X'00' WHERE sha256 = '" + installed.sha256() + "'");
      }
      Arbor late = node(cluster, "late");
      assertEquals("in", call(late), "left out of the chain");
      assertEquals(List.of("stamp"), await(late.missingCode()));
      PluginHealth health = await(late.pluginHealth("stamp"));
      assertFalse(health.loaded());
      assertTrue(health.probe().detail().contains("stamp-1.0.0 cannot be loaded") || health.probe().detail().contains("damaged"),
          health.probe().detail());
      assertEquals("in>stamp-1.0.0", call(a), "the node that has it still runs it");
    }
  }

  @Test
  void ofTwoConcurrentInstallsOfOneArtifactThroughTwoNodesOneWinsTheOtherGetsAConflict() throws Exception {
    StampJars jars = new StampJars(dir);
    try (TestCluster cluster = new TestCluster(database)) {
      Arbor a = node(cluster, "a");
      Arbor b = node(cluster, "b");
      Path first = jars.stamp("1.0.0");
      Path second = jars.stamp("1.0.1");
      CompletableFuture<Installation> viaA = a.install(InstallRequest.file(first)).toCompletableFuture();
      CompletableFuture<Installation> viaB = b.install(InstallRequest.file(second)).toCompletableFuture();
      List<CompletableFuture<Installation>> both = List.of(viaA, viaB);
      CompletableFuture.allOf(viaA.exceptionally(e -> null), viaB.exceptionally(e -> null)).join();
      long won = both.stream().filter(install -> !install.isCompletedExceptionally()).count();
      if (won == 2) {
        // b's ran after a's had reached it: a plain upgrade, 1.0.0 then 1.0.1 (or a's was refused as older)
        assertEquals("1.0.1", await(a.installations()).get("stamp").version());
        return;
      }
      assertEquals(1, won);
      CompletableFuture<Installation> lost = both.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().orElseThrow();
      ArborException conflict = assertInstanceOf(ArborException.class, assertThrows(CompletionException.class, lost::join).getCause());
      assertTrue(List.of("install_conflict", "version_not_newer").contains(conflict.code()), conflict.code() + ": " + conflict.getMessage());
      Installation winner = both.stream().filter(install -> !install.isCompletedExceptionally()).findFirst().orElseThrow().join();
      for (Arbor node : List.of(a, b)) {
        eventually("the winner serves on " + node.system().address(), () -> call(node).equals("in>stamp-" + winner.version()));
      }
    }
  }
}
