package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.util.concurrent.TimeUnit;

/**
 * Run in a separate JVM by {@link KillDuringOperationTest}: starts Arbor, stops a plugin, prints the
 * acknowledgement and waits to be killed with SIGKILL.
 */
public final class KillTarget {
  private KillTarget() {}

  public static void main(String[] args) throws Exception {
    Arbor arbor = Arbor.builder().config(TestArbor.database(args[0], "sa", args[1])).event(TRAIL)
        .plugin(appender("keeper", 1), appender("victim", 2)).start();
    PluginRecord stopped = arbor.stop("victim").toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("ACK " + stopped.id() + " " + stopped.status());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
