package io.arbor.examples.cluster;

import io.arbor.examples.LoopbackCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * The cluster walk-through: three {@link DemoNode} processes on loopback sharing one journal (an H2
 * TCP server this program runs). A plugin is registered through node 1, called through node 2 and
 * stopped through node 3; then node 1, the oldest member and so the host of the registry's writer,
 * is killed with SIGKILL while node 2 serves logins and node 3 retries a change until a new writer
 * answers. See {@code examples/README.md}. Node logs go to {@code target/cluster-demo/}.
 */
public final class ClusterDemo {
  private static final Path WORK = Path.of("target", "cluster-demo");

  private ClusterDemo() {}

  public static void main(String[] args) throws Exception {
    deleteRecursively(WORK.resolve("h2")); // a fresh journal on every run
    Files.createDirectories(WORK);
    int h2Port = LoopbackCluster.freePort();
    Server h2 = Server.createTcpServer("-tcpPort", String.valueOf(h2Port), "-baseDir", WORK.resolve("h2").toAbsolutePath().toString(),
        "-ifNotExists").start();
    List<Node> nodes = new ArrayList<>();
    try {
      int seed = LoopbackCluster.freePort();
      for (int n = 1; n <= 3; n++) {
        nodes.add(Node.start(n, n == 1 ? seed : LoopbackCluster.freePort(), seed, h2Port));
      }
      Node one = nodes.get(0);
      Node two = nodes.get(1);
      Node three = nodes.get(2);
      step("three nodes up; node 1 is the oldest, so the registry's writer runs there");
      one.awaitMembers(3);
      one.show("members");

      step("register the four login plugins through node 1");
      for (String plugin : List.of("login.audit", "login.blocklist", "login.session", "login.analytics")) {
        one.show("register " + plugin);
      }
      step("call through node 2 (its own plugin actors: the call never leaves the node)");
      two.show("call ada");
      two.show("call mallory");

      step("stop login.session through node 3; login.analytics depends on it and is held, on every node");
      three.show("stop login.session");
      two.show("call ada");
      one.show("call ada");
      three.show("status");

      step("kill -9 node 1, the writer's host, while node 2 serves logins for 30 s");
      CompletableFuture<String> load = two.ask("calls 30");
      Thread.sleep(2_000);
      long killed = System.nanoTime();
      one.kill();
      System.out.printf(Locale.ROOT, "node 1 (pid %d) killed%n", one.pid());
      int refused = 0;
      while (true) {
        String reply = three.ask("enable login.session").get(30, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "node 3> enable login.session   (%.1f s after the kill)%n  %s%n",
            (System.nanoTime() - killed) / 1e9, reply);
        if (reply.startsWith("ok")) {
          break;
        }
        if (++refused == 20) {
          throw new IllegalStateException("no registry writer 20 attempts after the kill; see the nodes' logs in " + WORK);
        }
        Thread.sleep(500);
      }
      System.out.printf(Locale.ROOT, "node 2> calls 30%n  %s%n", load.get(60, TimeUnit.SECONDS));

      step("the survivors agree; nothing acknowledged before the kill is lost");
      two.show("call ada");
      two.show("status");
      three.show("members");
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).quit();
      }
      h2.stop();
    }
  }

  private static void step(String what) {
    System.out.printf(Locale.ROOT, "%n== %s%n", what);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** A node process: one command line in, one reply line out. */
  private record Node(int number, Process process, PrintWriter commands, BufferedReader replies) {
    static Node start(int number, int port, int seed, int h2Port) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
          "-cp", System.getProperty("java.class.path"),
          DemoNode.class.getName(), "node-" + number, String.valueOf(port), String.valueOf(seed));
      builder.environment().put("ARBOR_H2_PORT", String.valueOf(h2Port));
      builder.redirectError(WORK.resolve("node" + number + ".log").toFile());
      Process process = builder.start();
      Node node = new Node(number, process,
          new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8),
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
      String ready = node.replies.readLine();
      if (ready == null || !ready.startsWith("READY")) {
        throw new IllegalStateException("node " + number + " did not start; see " + WORK.resolve("node" + number + ".log"));
      }
      System.out.printf(Locale.ROOT, "node %d up: %s (pid %d)%n", number, ready.substring("READY ".length()), process.pid());
      return node;
    }

    long pid() {
      return process.pid();
    }

    CompletableFuture<String> ask(String command) {
      return CompletableFuture.supplyAsync(() -> {
        synchronized (this) {
          commands.println(command);
          try {
            String reply = replies.readLine();
            if (reply == null) {
              throw new IllegalStateException("node " + number + " exited; see " + WORK.resolve("node" + number + ".log"));
            }
            return reply;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    }

    void show(String command) throws Exception {
      System.out.printf(Locale.ROOT, "node %d> %s%n  %s%n", number, command, ask(command).get(60, TimeUnit.SECONDS));
    }

    void awaitMembers(int count) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ask("members").get(60, TimeUnit.SECONDS).split(",").length < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster did not reach " + count + " members in 60 s");
        }
        Thread.sleep(200);
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no leaving, no hand-over
      process.waitFor();
    }

    void quit() throws InterruptedException {
      if (process.isAlive()) {
        commands.println("quit");
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }
}
