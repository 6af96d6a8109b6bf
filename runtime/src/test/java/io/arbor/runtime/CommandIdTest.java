package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.Target;
import java.time.Duration;
import java.util.UUID;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command delivered twice (a retry after a timed-out ask, or a copy the cluster singleton's proxy
 * delivers late) is applied once: the second delivery is answered like the first and writes nothing,
 * also after the registry recovered from the journal.
 */
class CommandIdTest {
  private static Arbor arbor;

  @BeforeAll
  static void start() {
    arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("a", 10)).start();
  }

  @AfterAll
  static void stop() {
    arbor.close();
  }

  private static Registry.Accepted send(String id, Operation operation) {
    return assertInstanceOf(Registry.Accepted.class, await(AskPattern.<Registry.Command, Registry.Reply>ask(arbor.registryRef(),
        replyTo -> new Registry.Change(id, operation, Target.plugin("a"), "operator: " + operation, "test", replyTo),
        Duration.ofSeconds(10), arbor.system().scheduler())));
  }

  private static long restarts() {
    return await(arbor.history("a")).stream().filter(change -> change.kind() == LifecycleChange.Kind.RESTARTED).count();
  }

  @Test
  void aRestartDeliveredTwiceIsJournaledOnce() {
    String id = UUID.randomUUID().toString();
    long before = restarts();
    Registry.Accepted first = send(id, Operation.RESTART);
    Registry.Accepted again = send(id, Operation.RESTART);
    assertEquals(first.version(), again.version(), "answered like the first");
    assertEquals(first.version(), await(arbor.registryState()).version(), "nothing written the second time");
    assertEquals(before + 1, restarts());

    send(UUID.randomUUID().toString(), Operation.RESTART); // another id is another command
    assertEquals(before + 2, restarts());
  }

  @Test
  void aStopDeliveredTwiceIsNotRefusedAsAlreadyStopped() {
    String id = UUID.randomUUID().toString();
    Registry.Accepted first = send(id, Operation.STOP);
    Registry.Accepted again = send(id, Operation.STOP); // without the id it would be refused: already_stopped
    assertEquals(first.version(), again.version());
    await(arbor.enable("a"));
  }
}
