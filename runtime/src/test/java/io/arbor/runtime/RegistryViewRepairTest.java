package io.arbor.runtime;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static io.arbor.runtime.TestArbor.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.arbor.runtime.registry.AppliedVersion;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryEvent;
import io.arbor.runtime.registry.RegistryJournal;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.RegistryView;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A view whose notifications get lost: a second {@link RegistryView} beside Arbor's, on the real
 * writer and journal, fed through a topic of the test's own, to which the test publishes the real
 * journaled changes, leaving some out.
 */
class RegistryViewRepairTest {
  private static Arbor arbor;

  @BeforeAll
  static void start() {
    arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL).plugin(appender("a", 10), appender("b", 20)).start();
  }

  @AfterAll
  static void stop() {
    arbor.close();
  }

  /** A view of the test's own, its applied version, and the state its subscriber last got. */
  private record Lossy(ActorRef<Topic.Command<Registry.Persisted>> topic, AppliedVersion applied, AtomicReference<RegistryState> seen) {}

  private static Lossy lossyView(Duration reconcile) {
    ActorRef<Topic.Command<Registry.Persisted>> topic = arbor.system().systemActorOf(
        Topic.create(Registry.Persisted.class, "lossy-" + UUID.randomUUID()), "lossy-topic-" + UUID.randomUUID(), Props.empty());
    AppliedVersion applied = new AppliedVersion();
    RegistryView.Settings settings = new RegistryView.Settings(Duration.ofSeconds(5), reconcile, 1000);
    RegistryJournal journal = new RegistryJournal(arbor.system(), ArborSettings.from(arbor.system().settings().config()).registry());
    ActorRef<RegistryView.Command> view = arbor.system().systemActorOf(
        RegistryView.create(arbor.registryRef(), topic, journal, applied, settings), "lossy-view-" + UUID.randomUUID(), Props.empty());
    AtomicReference<RegistryState> seen = new AtomicReference<>();
    Behavior<RegistryView.Update> subscriber = Behaviors.setup(context -> Behaviors.receiveMessage(update -> {
      seen.set(update.state());
      update.ackTo().tell(new RegistryView.Applied(update.state().version(), context.getSelf()));
      return Behaviors.same();
    }));
    view.tell(new RegistryView.Subscribe(null, arbor.system().systemActorOf(subscriber, "lossy-sub-" + UUID.randomUUID(), Props.empty())));
    return new Lossy(topic, applied, seen);
  }

  /** Makes one change and returns its notification as the writer published it (from the journal). */
  private static Registry.Persisted change(String operation, String plugin) {
    if (operation.equals("stop")) {
      await(arbor.stop(plugin));
    } else {
      await(arbor.enable(plugin));
    }
    long version = await(arbor.registryState()).version();
    RegistryJournal journal = new RegistryJournal(arbor.system(), ArborSettings.from(arbor.system().settings().config()).registry());
    List<RegistryEvent> events = await(journal.events(version, version));
    return new Registry.Persisted(version, version, events);
  }

  @Test
  void aLostNotificationIsReadFromTheJournalWhenTheNextOneShowsTheGap() {
    Lossy lossy = lossyView(Duration.ofMinutes(10)); // no reconciliation here: only the gap repairs it
    long start = await(arbor.registryState()).version();
    eventually("the view starts from the writer's state", () -> lossy.applied().current() == start);

    lossy.topic().tell(Topic.publish(change("stop", "a")));
    Registry.Persisted lost = change("enable", "a");
    Registry.Persisted next = change("stop", "b");
    lossy.topic().tell(Topic.publish(next)); // the one before it never arrives

    eventually("the view applies the lost change and the next one", () -> lossy.applied().current() == next.toVersion());
    assertEquals(await(arbor.registryState()), lossy.seen().get(), "the same registry as the writer's");
    assertEquals(lost.toVersion() + 1, next.toVersion());
    await(arbor.enable("b"));
  }

  @Test
  void aLostLastNotificationIsRepairedByTheReconciliation() {
    Lossy lossy = lossyView(Duration.ofMillis(200));
    long start = await(arbor.registryState()).version();
    eventually("the view starts from the writer's state", () -> lossy.applied().current() == start);

    Registry.Persisted lost = change("stop", "b"); // never published to the view, and nothing follows
    eventually("the reconciliation finds the writer ahead and catches up", () -> lossy.applied().current() == lost.toVersion());
    assertEquals(await(arbor.registryState()), lossy.seen().get());
    await(arbor.enable("b"));
  }
}
