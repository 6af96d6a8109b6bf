package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryEvent;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What boot does with what the journal holds: the DESIGN's boot rules, across a full restart. */
class BootTest {
  @TempDir Path directory;

  private Config database() {
    return TestArbor.database("jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath(), "sa", "boot-test");
  }

  private static Arbor start(Config config, PluginDefinition<?>... code) {
    return Arbor.builder().config(config).event(TRAIL).plugin(code).start();
  }

  private static Registry.Reply send(Arbor arbor, Function<ActorRef<Registry.Reply>, Registry.Command> command) {
    return await(AskPattern.ask(arbor.registryRef(), command::apply, Duration.ofSeconds(10), arbor.system().scheduler()));
  }

  /**
   * Appends events to the registry's journal the way an Arbor before one-write registration did:
   * it journaled a registration, and its start separately, so a node that died in between left the
   * plugin registered.
   */
  private static void journalAsAnOlderArbor(Config config, RegistryEvent... events) {
    ActorSystem<ActorRef<Done>> system = ActorSystem.create(new OlderRegistry(config.getString("arbor.registry.persistence-id"), List.of(events)),
        "older-arbor", Arbor.configuration(config));
    try {
      await(AskPattern.<ActorRef<Done>, Done>ask(system, replyTo -> replyTo, Duration.ofSeconds(10), system.scheduler()));
    } finally {
      system.terminate();
      await(system.getWhenTerminated());
    }
  }

  private static final class OlderRegistry extends EventSourcedBehavior<ActorRef<Done>, RegistryEvent, RegistryState> {
    private final List<RegistryEvent> events;

    OlderRegistry(String persistenceId, List<RegistryEvent> events) {
      super(PersistenceId.ofUniqueId(persistenceId));
      this.events = events;
    }

    @Override
    public String journalPluginId() {
      return "jdbc-journal";
    }

    @Override
    public String snapshotPluginId() {
      return "jdbc-snapshot-store";
    }

    @Override
    public RegistryState emptyState() {
      return RegistryState.EMPTY;
    }

    @Override
    public CommandHandler<ActorRef<Done>, RegistryEvent, RegistryState> commandHandler() {
      return (state, replyTo) -> Effect().persist(events).thenRun(after -> replyTo.tell(Done.getInstance()));
    }

    @Override
    public EventHandler<RegistryState, RegistryEvent> eventHandler() {
      return RegistryState::apply;
    }
  }

  @Test
  void aPluginAnOlderJournalLeftRegisteredIsStartedAtBootAndAFailedOneStaysFailed() {
    Config config = database();
    try (Arbor first = start(config, appender("survivor", 5))) {
      assertInstanceOf(Registry.Accepted.class,
          send(first, replyTo -> new Registry.Change(Operation.MARK_FAILED, Target.plugin("survivor"), "test", "test", replyTo)));
    }
    Instant now = Instant.now();
    PluginDescriptor limbo = PluginDescriptor.builder("limbo", TRAIL).priority(1).build();
    journalAsAnOlderArbor(config, new RegistryEvent.PluginRegistered(
        new PluginRecord("limbo-id", limbo, PluginStatus.REGISTERED, now, now), "registered", now, "older-node"));
    try (Arbor second = start(config, appender("limbo", 1), appender("survivor", 5))) {
      assertEquals(PluginStatus.STARTED, await(second.plugin("limbo")).orElseThrow().status());
      assertEquals(PluginStatus.FAILED, await(second.plugin("survivor")).orElseThrow().status(),
          "only an operator brings a failed plugin back");
      assertEquals("in>limbo", await(second.call(TRAIL, "in")).state());
      await(second.restart("survivor"));
      assertEquals("in>limbo>survivor", await(second.call(TRAIL, "in")).state());
    }
  }

  @Test
  void aPluginAnOlderJournalLeftRegisteredIsStartedAtBootEvenWhenNoLongerDeclared() {
    Config config = database();
    try (Arbor first = start(config, appender("kept", 5))) {
      assertEquals("in>kept", await(first.call(TRAIL, "in")).state());
    }
    Instant now = Instant.now();
    PluginDescriptor limbo = PluginDescriptor.builder("limbo", TRAIL).priority(1).build();
    journalAsAnOlderArbor(config, new RegistryEvent.PluginRegistered(
        new PluginRecord("limbo-id", limbo, PluginStatus.REGISTERED, now, now), "registered", now, "older-node"));
    try (Arbor second = start(config, appender("kept", 5))) {
      assertEquals(PluginStatus.STARTED, await(second.plugin("limbo")).orElseThrow().status(), "BOOT starts it");
    }
  }

  @Test
  void pluginsWhoseCodeIsMissingAreReportedNotDropped() {
    Config config = database();
    try (Arbor first = start(config, appender("kept", 1), appender("removed", 2))) {
      assertEquals("in>kept>removed", await(first.call(TRAIL, "in")).state());
    }
    try (Arbor second = start(config, appender("kept", 1))) {
      assertEquals(List.of("removed"), await(second.missingCode()));
      assertEquals(PluginStatus.STARTED, await(second.plugin("removed")).orElseThrow().status(), "still registered and active");
      CallResult<String> result = await(second.call(TRAIL, "in"));
      assertEquals("in>kept", result.state());
      assertEquals(List.of("removed"), result.notLoaded(), "every call says which plugins were left out");
      assertEquals(List.of("removed"), await(second.health("trail")).notLoaded());

      await(second.register(appender("removed", 2)));
      assertEquals("in>kept>removed", await(second.call(TRAIL, "in")).state(), "code registered later joins the chain");
      assertEquals(List.of(), await(second.missingCode()));
    }
  }
}
