package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.arbor.runtime.registry.LifecycleException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Arbor.of(system): the one Arbor of an ActorSystem, found from the system alone. */
class ArborOfTest {
  private ActorSystem<Void> system;

  @BeforeEach
  void createSystem() {
    system = ActorSystem.create(Behaviors.empty(), "application", Arbor.configuration(TestArbor.inMemory()));
  }

  @AfterEach
  void terminateSystem() {
    system.terminate();
  }

  private Arbor attach() {
    return Arbor.builder().system(system).event(TRAIL).plugin(appender("a", 1)).start();
  }

  @Test
  void ofFindsTheArborStartedOnTheSystemAndNoneOnceItIsClosed() {
    ArborNotStartedException before = assertThrows(ArborNotStartedException.class, () -> Arbor.of(system));
    assertEquals("not_started", before.code());
    assertTrue(before.getMessage().contains("'application'"), before.getMessage());

    Arbor arbor = attach();
    assertSame(arbor, Arbor.of(system));
    assertEquals("in>a", await(Arbor.of(system).call(TRAIL, "in")).state());

    arbor.close();
    assertThrows(ArborNotStartedException.class, () -> Arbor.of(system));
  }

  @Test
  void aSecondArborOnTheSameSystemIsRefusedAndTheFirstKeepsRunning() {
    try (Arbor first = attach()) {
      InvalidArgumentException refused = assertThrows(InvalidArgumentException.class, this::attach);
      assertEquals("existing", refused.argument());
      assertTrue(refused.getMessage().contains("already runs an Arbor"), refused.getMessage());

      assertSame(first, Arbor.of(system));
      assertEquals("in>a", await(first.call(TRAIL, "in")).state(), "the first Arbor still answers");
    }
  }

  @Test
  void aFailedStartLeavesNoArborOnTheSystem() {
    // b closes a dependency cycle: its registration is refused, and with it the start.
    LifecycleException refused = assertThrows(LifecycleException.class,
        () -> Arbor.builder().system(system).event(TRAIL).plugin(appender("a", 1, "b"), appender("b", 1, "a")).start());
    assertEquals("dependency_cycle", refused.code());
    assertThrows(ArborNotStartedException.class, () -> Arbor.of(system));
  }

  @Test
  void anArborThatCreatedItsOwnSystemIsFoundThereToo() {
    Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).start();
    ActorSystem<?> own = arbor.system();
    assertSame(arbor, Arbor.of(own));
    arbor.close();
    assertThrows(ArborNotStartedException.class, () -> Arbor.of(own));
  }

  @Test
  void ofNullIsRefusedNamingTheArgument() {
    assertEquals("system", assertThrows(InvalidArgumentException.class, () -> Arbor.of(null)).argument());
  }
}
