package io.arbor.examples.install;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.examples.LoopbackCluster;
import io.arbor.examples.login.LoginEvents;
import io.arbor.examples.login.LoginState;
import io.arbor.examples.login.SessionPlugin;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.install.InstallRequest;
import io.arbor.runtime.registry.Installation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Installs a plugin JAR into running Arbor nodes: {@code examples/plugin-jar}'s {@code login.welcome},
 * built in versions 1.0.0 and 2.0.0. First on one node (install, upgrade while logins run without
 * pause, uninstall), then on a three-node cluster on loopback (install through one node, served by
 * all; upgrade through another; uninstall through the third). Arguments: the two JARs. See
 * {@code examples/README.md}.
 */
public final class InstallDemo {
  private static final String SYSTEM = "arbor-install-demo";

  private InstallDemo() {}

  public static void main(String[] args) throws Exception {
    Path v1 = Path.of(args[0]);
    Path v2 = Path.of(args[1]);
    Path work = Files.createTempDirectory("arbor-install-demo");
    oneNode(v1, v2, work);
    threeNodes(v1, v2, work);
  }

  private static void oneNode(Path v1, Path v2, Path work) throws Exception {
    System.out.println("== One node ==");
    try (Arbor arbor = Arbor.builder().config(settings("single", "jdbc:h2:mem:install-demo-" + UUID.randomUUID(), work))
        .event(LoginEvents.AFTER_LOGIN).plugin(SessionPlugin.definition()).start()) {
      System.out.println("[1] before any install:      " + welcome(arbor));

      Installation installed = arbor.install(InstallRequest.file(v1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("[2] installed " + describe(installed));
      System.out.println("    a login now:             " + welcome(arbor));

      System.out.println("[3] upgrading to " + v2.getFileName() + " while 2 threads log in without pause...");
      Map<String, AtomicLong> served = new ConcurrentHashMap<>();
      AtomicLong failed = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> users = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread user = new Thread(() -> {
          while (running.get()) {
            try {
              var result = arbor.call(LoginEvents.AFTER_LOGIN, LoginState.of("u-7", "ada", "10.0.0.7")).toCompletableFuture().join();
              if (!result.failures().isEmpty()) {
                failed.incrementAndGet();
              }
              served.computeIfAbsent(result.state().data().get("welcome"), key -> new AtomicLong()).incrementAndGet();
            } catch (RuntimeException e) {
              failed.incrementAndGet();
            }
          }
        });
        user.start();
        users.add(user);
      }
      Thread.sleep(1000);
      long started = System.nanoTime();
      Installation upgraded = arbor.install(InstallRequest.file(v2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      Thread.sleep(1000);
      running.set(false);
      for (Thread user : users) {
        user.join();
      }
      System.out.println("    upgraded to " + describe(upgraded) + " in " + tookMillis + " ms");
      new TreeMap<>(served).forEach((welcome, count) -> System.out.println("    " + count + " logins served with: " + welcome));
      System.out.println("    failed logins: " + failed.get());

      arbor.uninstall("example-plugins").toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("[4] uninstalled; a login now: " + welcome(arbor));
      System.out.println("    installations: " + arbor.installations().toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
  }

  private static void threeNodes(Path v1, Path v2, Path work) throws Exception {
    System.out.println();
    System.out.println("== Three nodes, one journal ==");
    String db = "jdbc:h2:mem:install-demo-cluster-" + UUID.randomUUID();
    int seed = LoopbackCluster.freePort();
    List<Arbor> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= 3; i++) {
        int port = i == 1 ? seed : LoopbackCluster.freePort();
        Config member = LoopbackCluster.member(SYSTEM, "node-" + i, port, seed).withFallback(settings("node-" + i, db, work));
        nodes.add(Arbor.builder().systemName(SYSTEM).config(member).event(LoginEvents.AFTER_LOGIN).provide(SessionPlugin.definition())
            .start());
      }
      nodes.get(0).register(SessionPlugin.definition()).toCompletableFuture().get(30, TimeUnit.SECONDS);
      awaitThreeMembers(nodes.get(0));

      Installation installed = nodes.get(0).install(InstallRequest.file(v1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("[5] installed " + describe(installed) + " through node-1");
      awaitEverywhere(nodes, "(welcome 1.0.0)");

      nodes.get(2).install(InstallRequest.file(v2)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("[6] upgraded to 2.0.0 through node-3");
      awaitEverywhere(nodes, "(welcome 2.0.0)");

      nodes.get(1).uninstall("example-plugins").toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("[7] uninstalled through node-2");
      awaitEverywhere(nodes, "no welcome");
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  /** Waits until all three members' views are listed and have the registration: each follows the registry from then on. */
  private static void awaitThreeMembers(Arbor node) throws Exception {
    long version = node.registryState().toCompletableFuture().get(10, TimeUnit.SECONDS).version();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      var members = node.memberVersions().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (members.size() == 3 && members.stream().allMatch(member -> member.applied() >= version)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not form: " + members);
      }
      Thread.sleep(50);
    }
  }

  /** Waits until every node's login shows {@code expected}, then prints what each served and when. */
  private static void awaitEverywhere(List<Arbor> nodes, String expected) throws Exception {
    long started = System.nanoTime();
    for (Arbor node : nodes) {
      String seen = welcome(node);
      while (!seen.contains(expected)) {
        if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(30)) {
          throw new IllegalStateException(node.system().address() + " still serves: " + seen);
        }
        Thread.sleep(10);
        seen = welcome(node);
      }
      System.out.printf("    %s: %s (after %d ms)%n", nodeName(node), seen, (System.nanoTime() - started) / 1_000_000);
    }
  }

  private static String nodeName(Arbor node) {
    return node.system().settings().config().getString("arbor.node-name");
  }

  private static String welcome(Arbor arbor) throws Exception {
    LoginState after = arbor.call(LoginEvents.AFTER_LOGIN, LoginState.of("u-7", "ada", "10.0.0.7")).toCompletableFuture()
        .get(10, TimeUnit.SECONDS).state();
    return after.data().getOrDefault("welcome", "no welcome");
  }

  private static String describe(Installation installation) {
    return installation.name() + " " + installation.version() + " (sha256 " + installation.sha256().substring(0, 12)
        + "…, plugins " + installation.plugins() + " on " + installation.events() + ")";
  }

  private static Config settings(String node, String db, Path work) {
    return ConfigFactory.parseMap(Map.of(
        "arbor.persistence.url", db + ";DB_CLOSE_DELAY=-1",
        "arbor.discover-plugins", "off",
        "arbor.install.directory", work.resolve(node).toString()));
  }
}
