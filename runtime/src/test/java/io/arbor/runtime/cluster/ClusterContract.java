package io.arbor.runtime.cluster;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.RegistryView;
import java.util.List;
import java.util.Map;
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

  private static boolean pausedOn(Arbor node) {
    try {
      node.call(TRAIL, "in").toCompletableFuture().join();
      return false;
    } catch (CompletionException e) {
      return e.getCause() instanceof ArborException refused && refused.code().equals("paused");
    }
  }
}
