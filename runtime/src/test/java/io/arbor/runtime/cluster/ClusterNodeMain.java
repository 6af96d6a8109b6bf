package io.arbor.runtime.cluster;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;

/**
 * Run in a JVM of its own by {@link SingletonKillTest}: the cluster's seed, and so its oldest member
 * and the registry's host, with the journal behind an H2 TCP server. Arguments: the port, the
 * database URL and the registry's persistence id. Prints {@code UP} once started, then waits to be
 * killed.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Arbor.builder().systemName(TestCluster.SYSTEM)
        .config(TestCluster.node("seed", port, port, TestArbor.database(args[1], "sa", args[2])))
        .event(TRAIL).plugin(appender("audit", 10), appender("greet", 20, "audit")).start();
    System.out.println("UP");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
