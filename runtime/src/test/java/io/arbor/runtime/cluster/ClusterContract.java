package io.arbor.runtime.cluster;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.ReplicatedStore;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.ConfigurablePlugin;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.RegistryView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Three Arbor nodes on loopback sharing one journal, on each supported database: a change made through
 * any node is served by every node, late and restarted nodes converge, and the registry's writer moves
 * when its node leaves without losing an acknowledged change.
 */
abstract class ClusterContract {
  /** The journal all nodes share; a fresh persistence id per call. */
  protected abstract Config database();

  private static final List<PluginDefinition<?>> CODE = List.of(appender("audit", 10), appender("greet", 20, "audit"));

  private static String call(Arbor node) {
    return await(node.call(TRAIL, "in")).state();
  }

  private static List<Long> appliedVersions(List<Arbor> nodes) {
    return nodes.stream().map(Arbor::appliedVersion).toList();
  }

  /** The errors {@code logger} logs while {@code action} runs. */
  private static List<ILoggingEvent> errorsLoggedBy(String logger, Runnable action) {
    Logger log = (Logger) LoggerFactory.getLogger(logger);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try {
      action.run();
    } finally {
      log.detachAppender(logged);
    }
    return logged.list.stream().filter(event -> event.getLevel() == Level.ERROR).toList();
  }

  @Test
  void aChangeThroughAnyNodeIsServedByEveryNode() {
    try (TestCluster cluster = new TestCluster(database())) {
      Arbor a = cluster.start("a", CODE);
      Arbor b = cluster.start("b", CODE);
      Arbor c = cluster.start("c", CODE);
      List<Arbor> all = List.of(a, b, c);

      await(a.register(CODE.get(0)));
      await(a.register(CODE.get(1)));
      for (Arbor node : all) {
        eventually("node " + node.system().address() + " serves both plugins", () -> call(node).equals("in>audit>greet"));
      }

      await(b.stop("audit")); // holds greet, across the cluster
      for (Arbor node : all) {
        eventually("the stop is in effect on " + node.system().address(), () -> call(node).equals("in"));
      }
      assertEquals(PluginStatus.HELD, await(c.plugin("greet")).orElseThrow().status());

      await(c.enable("audit"));
      for (Arbor node : all) {
        eventually("the enable is in effect on " + node.system().address(), () -> call(node).equals("in>audit>greet"));
      }
      long version = await(a.registryState()).version();
      await(a.awaitMembers(version));
      eventually("every member's view is listed", () -> await(b.memberVersions()).size() == 3);
      List<RegistryView.Version> versions = await(b.memberVersions());
      versions.forEach(member -> assertEquals(version, member.applied(), "applied on " + member.node()));
    }
  }

  @Test
  void aNodeWithoutAPluginsCodeReportsItNotLoaded() {
    try (TestCluster cluster = new TestCluster(database())) {
      Arbor a = cluster.start("a", CODE);
      Arbor bare = cluster.start("bare", List.of());
      await(a.register(CODE.get(0)));
      eventually("the node without the code knows the plugin", () -> await(bare.plugin("audit")).isPresent());
      eventually("and reports it not loaded", () -> await(bare.call(TRAIL, "in")).notLoaded().contains("audit"));
      assertEquals("in", call(bare));
      assertTrue(await(bare.missingCode()).contains("audit"));
    }
  }

  @Test
  void aLateJoinerAndARestartedNodeConvergeToTheSameVersion() {
    try (TestCluster cluster = new TestCluster(database())) {
      Arbor a = cluster.start("a", CODE);
      Arbor b = cluster.start("b", CODE);
      await(a.register(CODE.get(0)));
      await(a.register(CODE.get(1)));
      await(b.stop("greet"));

      Arbor late = cluster.start("late", CODE);
      assertEquals("in>audit", call(late), "a node that joins later starts from the registry as it is");

      cluster.stop(b);
      await(a.enable("greet"));
      await(a.stop("audit"));
      Arbor restarted = cluster.start("b", CODE);
      assertEquals("in", call(restarted), "a restarted node starts from the registry as it is now");

      long version = await(a.registryState()).version();
      await(a.awaitMembers(version));
      assertEquals(List.of(version, version, version), appliedVersions(List.of(a, late, restarted)));
    }
  }

  @Test
  void theWriterMovesWhenItsNodeLeavesAndNothingAcknowledgedIsLost() {
    try (TestCluster cluster = new TestCluster(database())) {
      Arbor a = cluster.start("a", CODE); // the oldest: it hosts the registry
      Arbor b = cluster.start("b", CODE);
      Arbor c = cluster.start("c", CODE);
      await(b.register(CODE.get(0)));
      await(c.register(CODE.get(1)));
      await(b.stop("greet"));
      long before = await(b.registryState()).version();

      List<ILoggingEvent> errors = errorsLoggedBy("io.arbor.runtime.ArborGuardian", () -> cluster.stop(a)); // graceful: the singleton hands over
      assertEquals(List.of(), errors.stream().map(ILoggingEvent::getFormattedMessage).toList(),
          "a node that leaves is closed, not broken");
      assertEquals("in>audit", call(b), "calls on the survivors never depend on the writer");
      eventually("a write succeeds again through the new writer", () -> {
        try {
          await(c.enable("greet"));
          return true;
        } catch (AssertionError | CompletionException e) {
          return false;
        }
      });
      eventually("every survivor serves the change", () -> call(b).equals("in>audit>greet") && call(c).equals("in>audit>greet"));
      assertTrue(await(b.registryState()).version() > before, "the new writer recovered every acknowledged change");
      assertEquals(Map.of("audit", PluginStatus.STARTED, "greet", PluginStatus.RESTARTED),
          Map.of("audit", await(b.plugin("audit")).orElseThrow().status(), "greet", await(b.plugin("greet")).orElseThrow().status()));
    }
  }

  @Test
  void aPauseThroughOneNodeIsInEffectOnAllThreeAndSurvivesAFullRestart() {
    Config journal = database();
    try (TestCluster cluster = new TestCluster(journal)) {
      Arbor a = cluster.start("a", CODE);
      Arbor b = cluster.start("b", CODE);
      Arbor c = cluster.start("c", CODE);
      await(a.register(CODE.get(0)));
      await(c.pause("trail"));
      for (Arbor node : List.of(a, b, c)) {
        eventually("the pause is in effect on " + node.system().address(), () -> pausedOn(node));
      }
    }
    try (TestCluster restarted = new TestCluster(journal)) {
      List<Arbor> nodes = List.of(restarted.start("a", CODE), restarted.start("b", CODE), restarted.start("c", CODE));
      for (Arbor node : nodes) {
        eventually("still paused after the restart on " + node.system().address(), () -> pausedOn(node));
      }
      await(nodes.get(1).resume("trail"));
      for (Arbor node : nodes) {
        eventually("resumed on " + node.system().address(), () -> !pausedOn(node));
        assertEquals("in>audit", call(node));
      }
    }
  }

  @Test
  void aConfigurationUpdateReachesEveryNodesInstanceThroughItsHookAndARefusedOneChangesNothingAnywhere() {
    try (TestCluster cluster = new TestCluster(database())) {
      Map<String, ConfigurablePlugin.Probe> probes = new LinkedHashMap<>();
      List<Arbor> nodes = threeNodesRunning(cluster, "label", "one", probes);

      await(nodes.get(1).configure("label", Map.of("label", "two")));
      for (Arbor node : nodes) {
        eventually("the new settings serve on " + node.system().address(), () -> call(node).equals("in>two"));
      }
      probes.forEach((name, probe) -> {
        assertEquals(List.of("one->two"), probe.configured, "through the hook on node " + name);
        assertEquals(1, probe.starts.get(), "in place on node " + name);
        assertFalse(probe.hookDuringCall.get());
      });

      long version = await(nodes.get(2).registryState()).version();
      assertEquals("settings_refused", assertThrows(CompletionException.class,
          () -> nodes.get(2).configure("label", Map.of("label", "bad")).toCompletableFuture().join()).getCause() instanceof ArborException e
          ? e.code() : "not an ArborException");
      for (Arbor node : nodes) {
        assertEquals(version, await(node.registryState()).version(), "nothing journaled");
        assertEquals("in>two", call(node));
      }
      probes.values().forEach(probe -> assertEquals(List.of("one->two"), probe.configured));
    }
  }

  @Test
  void aReplicatedStoreConvergesOnThreeNodes() {
    try (TestCluster cluster = new TestCluster(database())) {
      Map<String, ConfigurablePlugin.Probe> probes = new LinkedHashMap<>();
      List<Arbor> nodes = threeNodesRunning(cluster, "shared", "s", probes);
      List<ReplicatedStore> stores = probes.values().stream().map(probe -> probe.context.replicatedStore()).toList();

      await(stores.get(0).put("leader", "a"));
      await(stores.get(1).put("count", "1"));
      for (ReplicatedStore store : stores) {
        eventually("both writes reach every node", () -> await(store.get("leader")).equals(Optional.of("a"))
            && await(store.get("count")).equals(Optional.of("1")));
      }
      assertFalse(await(stores.get(2).putIfAbsent("leader", "c")), "c sees a's entry");
      await(stores.get(2).put("count", "2")); // the later write of one key wins everywhere
      assertTrue(await(stores.get(1).delete("leader")));
      for (ReplicatedStore store : stores) {
        eventually("the overwrite and the delete reach every node", () -> await(store.get("count")).equals(Optional.of("2"))
            && await(store.get("leader")).isEmpty());
      }

      await(nodes.get(2).unregister("shared")); // emptied once, from the node that unregistered it
      for (ReplicatedStore store : stores) {
        eventually("emptied on every node", () -> await(store.get("count")).isEmpty());
      }
    }
  }

  /** Nodes a, b and c, each with its own instance of a {@link ConfigurablePlugin} (its probe in {@code probes}), registered and serving. */
  private static List<Arbor> threeNodesRunning(TestCluster cluster, String plugin, String label, Map<String, ConfigurablePlugin.Probe> probes) {
    List<Arbor> nodes = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      probes.put(name, new ConfigurablePlugin.Probe());
      nodes.add(cluster.start(name, List.of(ConfigurablePlugin.definition(plugin, Map.of("label", label), probes.get(name), true))));
    }
    await(nodes.get(0).register(ConfigurablePlugin.definition(plugin, Map.of("label", label), probes.get("a"), true)));
    for (Arbor node : nodes) {
      eventually("the plugin runs on " + node.system().address(), () -> call(node).equals("in>" + label));
    }
    return nodes;
  }

  private static boolean pausedOn(Arbor node) {
    try {
      node.call(TRAIL, "in").toCompletableFuture().join();
      return false;
    } catch (CompletionException e) {
      return e.getCause() instanceof ArborException refused && refused.code().equals("paused");
    }
  }
}
