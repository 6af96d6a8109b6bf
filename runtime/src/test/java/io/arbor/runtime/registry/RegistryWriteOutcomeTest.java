package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.FaultyJournal.Fault;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a lifecycle write reports when the journal misbehaves, and that whatever it reports, this
 * node's view and a cold start from the journal agree afterwards. The journal's faults are injected
 * per write ({@link FaultyJournal}), so the outage falls exactly where the test wants it.
 */
class RegistryWriteOutcomeTest {
  private final String persistenceId = "write-outcome-" + UUID.randomUUID();
  private final Config config = FaultyJournal.config()
      .withFallback(ConfigFactory.parseMap(Map.of("arbor.ask-timeout", "1s")))
      .withFallback(TestArbor.database("jdbc:h2:mem:" + persistenceId + ";DB_CLOSE_DELAY=-1", "sa", persistenceId));

  private Arbor start() {
    return Arbor.builder().config(config).event(TestArbor.TRAIL).plugin(appender("a", 1)).start();
  }

  /** The error code a stage failed with, or "ok". */
  private static String outcome(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(TestArbor.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return "ok";
    } catch (ExecutionException e) {
      return assertInstanceOf(ArborException.class, e.getCause(), () -> "not a typed error: " + e.getCause()).code();
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  private static Optional<PluginStatus> liveStatus(Arbor arbor, String plugin) {
    return await(arbor.plugin(plugin)).map(PluginRecord::status);
  }

  /**
   * "OK FAIL" is the outage of the defect: the first write lands and the next one fails. A
   * registration and its start are one write now, so it cannot fall between them.
   */
  @ParameterizedTest(name = "journal writes: {0} -> {1}")
  @CsvSource({
      "OK FAIL,         ok",
      "FAIL,            write_outcome_unknown",
      "STORE_THEN_FAIL, write_outcome_unknown",
      "REJECT,          write_failed",
      "HANG,            write_outcome_unknown",
  })
  void afterARegistrationAcknowledgedOrFailedTheLiveViewAndAColdStartAgree(String faults, String expected) {
    Optional<PluginStatus> live;
    try (Arbor arbor = start()) {
      FaultyJournal.next(persistenceId, Arrays.stream(faults.split(" ")).map(Fault::valueOf).toArray(Fault[]::new));
      assertEquals(expected, outcome(arbor.register(appender("c", 2))));
      FaultyJournal.next(persistenceId);
      // A change acknowledged after the fault is on this node's view together with whatever the fault left in the journal.
      eventually("the registry takes a change again", () -> outcome(arbor.restart("a")).equals("ok"));
      live = liveStatus(arbor, "c");
    }
    try (Arbor cold = start()) {
      assertEquals(live, liveStatus(cold, "c"), "this node's view and the journal agree");
    }
    if (expected.equals("ok")) {
      assertEquals(Optional.of(PluginStatus.STARTED), live);
    }
  }

  @Test
  void whileAWriteHangsQueriesAnswerFromThisNodesViewAndTheWriteSaysItsOutcomeIsUnknown() {
    try (Arbor arbor = start()) {
      FaultyJournal.next(persistenceId, Fault.HANG);
      CompletionStage<?> stop = arbor.stop("a");
      TestArbor.eventually("the write hangs", () -> FaultyJournal.hanging(persistenceId)); // after the writer's probe
      assertEquals(Optional.of(PluginStatus.STARTED), liveStatus(arbor, "a"), "the writer is stuck, this node's view is not");
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> stop.toCompletableFuture().get(TestArbor.WAIT.toMillis(), TimeUnit.MILLISECONDS));
      ArborException error = assertInstanceOf(ArborException.class, failed.getCause());
      assertEquals("write_outcome_unknown", error.code());
      assertTrue(error.getMessage().contains("may or may not have been journaled"), error.getMessage());
      assertTrue(error.getMessage().contains("history"), "it says how to find out: " + error.getMessage());
    }
  }

  @Test
  void aWriteTheJournalRefusedIsADefiniteFailureAndChangesNothing() {
    try (Arbor arbor = start()) {
      FaultyJournal.next(persistenceId, Fault.REJECT);
      assertEquals("write_failed", outcome(arbor.stop("a")));
      assertEquals(Optional.of(PluginStatus.STARTED), liveStatus(arbor, "a"));
      assertEquals("in>a", await(arbor.call(TestArbor.TRAIL, "in")).state());
    }
  }
}
