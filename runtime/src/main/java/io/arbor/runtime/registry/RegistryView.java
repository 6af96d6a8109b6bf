package io.arbor.runtime.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * This node's copy of the registry. It applies the writer's {@link Registry.Persisted} notifications
 * in version order, catches up from the writer when versions are missing (a lost notification, a
 * restarted writer, a cold start), tells each change only to the subscribers of the events it
 * touches, advances {@link AppliedVersion} once they have applied it, and publishes the lifecycle
 * stream (Pekko's event stream) of this node.
 *
 * <p>Subscribers are the event supervisors (one per declared event) and any actor that wants every
 * change; each acknowledges an {@link Update} with {@link Applied}. A subscriber that stops counts
 * as having applied everything.
 */
public final class RegistryView extends AbstractBehavior<RegistryView.Command> {

  public sealed interface Command {}

  /** Follow one event's plugins ({@code event} non-null) or every change ({@code event} null). */
  public record Subscribe(String event, ActorRef<Update> subscriber) implements Command {}

  /** What a subscriber gets: the registry after a change, the events of the change, and where to acknowledge. */
  public record Update(RegistryState state, List<RegistryEvent> events, ActorRef<Applied> ackTo) {}

  /** A subscriber's chains reflect {@code version}. */
  public record Applied(long version, ActorRef<Update> subscriber) implements Command {}

  /** The view's version and the version this node's chains reflect. */
  public record GetVersion(ActorRef<Version> replyTo) implements Command {}

  public record Version(long view, long applied) {}

  private record Notified(Registry.Persisted notification) implements Command {}

  private record Transferred(RegistryState state) implements Command {}

  private record TransferFailed(String why) implements Command {}

  private record CatchUp() implements Command {}

  private final RecipientRef<Registry.Command> writer;
  private final AppliedVersion applied;
  private final Duration askTimeout;
  private final TimerScheduler<Command> timers;
  private final Map<String, Set<ActorRef<Update>>> byEvent = new HashMap<>();
  private final Set<ActorRef<Update>> everything = new HashSet<>();
  /** Subscribers that have not yet applied each version, by version. */
  private final TreeMap<Long, Set<ActorRef<Update>>> pending = new TreeMap<>();
  private final ActorRef<Applied> ackTo;
  /** Null until the first state transfer: the view knows nothing before it. */
  private RegistryState state;
  private boolean catchingUp;
  /** Notifications that came while a state transfer was on its way; replayed over it. */
  private final List<Registry.Persisted> held = new ArrayList<>();

  /**
   * @param writer where the registry is written (the local {@link Registry}, or the cluster
   *     singleton's proxy), asked for its state on a cold start or a gap
   * @param notifications the topic the writer publishes to after each journal write
   */
  public static Behavior<Command> create(RecipientRef<Registry.Command> writer,
      ActorRef<Topic.Command<Registry.Persisted>> notifications, AppliedVersion applied, Duration askTimeout) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      notifications.tell(Topic.subscribe(context.messageAdapter(Registry.Persisted.class, Notified::new)));
      return new RegistryView(context, timers, writer, applied, askTimeout);
    }));
  }

  private RegistryView(ActorContext<Command> context, TimerScheduler<Command> timers, RecipientRef<Registry.Command> writer,
      AppliedVersion applied, Duration askTimeout) {
    super(context);
    this.timers = timers;
    this.writer = writer;
    this.applied = applied;
    this.askTimeout = askTimeout;
    this.ackTo = context.getSelf().narrow();
    catchUp();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Applied.class, this::onApplied)
        .onMessage(Notified.class, notified -> onNotification(notified.notification()))
        .onMessage(Transferred.class, this::onTransferred)
        .onMessage(TransferFailed.class, this::onTransferFailed)
        .onMessage(CatchUp.class, message -> {
          catchUp();
          return this;
        })
        .onMessage(GetVersion.class, get -> {
          get.replyTo().tell(new Version(state == null ? -1 : state.version(), applied.current()));
          return this;
        })
        .onSignal(Terminated.class, this::onSubscriberStopped)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    if (subscribe.event() == null) {
      everything.add(subscribe.subscriber());
    } else {
      byEvent.computeIfAbsent(subscribe.event(), event -> new HashSet<>()).add(subscribe.subscriber());
    }
    getContext().watch(subscribe.subscriber());
    if (state != null) { // else it gets the state with everyone once the first transfer arrives
      tell(Set.of(subscribe.subscriber()), state, List.of());
    }
    return this;
  }

  private Behavior<Command> onNotification(Registry.Persisted notification) {
    if (state == null || catchingUp) {
      held.add(notification);
      return this;
    }
    ViewRules.Decision decision = ViewRules.decide(state.version(), notification);
    if (decision instanceof ViewRules.Apply) {
      RegistryState before = state;
      state = state.applyAll(notification.events());
      publish(before, notification.events());
      Set<ActorRef<Update>> subscribers = new HashSet<>(everything);
      for (String event : ViewRules.touchedEvents(before, state, notification.events())) {
        subscribers.addAll(byEvent.getOrDefault(event, Set.of()));
      }
      tell(subscribers, state, notification.events());
    } else if (decision instanceof ViewRules.Gap gap) {
      getContext().getLog().info("Registry view at version {} missed versions {} to {}; catching up from the writer",
          state.version(), gap.missingFrom(), gap.missingTo());
      held.add(notification);
      catchUp();
    }
    return this;
  }

  private void catchUp() {
    catchingUp = true;
    getContext().ask(RegistryState.class, writer, askTimeout, Registry.GetState::new,
        (transferred, error) -> transferred != null ? new Transferred(transferred) : new TransferFailed(String.valueOf(error)));
  }

  private Behavior<Command> onTransferred(Transferred transferred) {
    catchingUp = false;
    RegistryState next = transferred.state();
    if (state == null || next.version() > state.version()) {
      RegistryState before = state;
      state = next;
      if (before != null) {
        getContext().getLog().info("Registry view caught up from version {} to {}", before.version(), next.version());
      }
      Set<ActorRef<Update>> all = new HashSet<>(everything);
      byEvent.values().forEach(all::addAll);
      tell(all, state, List.of());
    }
    List<Registry.Persisted> replay = new ArrayList<>(held);
    held.clear();
    for (Registry.Persisted notification : replay) {
      onNotification(notification);
    }
    return this;
  }

  private Behavior<Command> onTransferFailed(TransferFailed failed) {
    getContext().getLog().warn("Registry view could not get the registry's state from its writer ({}); trying again in 1 s", failed.why());
    timers.startSingleTimer(new CatchUp(), Duration.ofSeconds(1));
    return this;
  }

  /** Sends the update and waits for each subscriber's acknowledgement before advancing the applied version. */
  private void tell(Set<ActorRef<Update>> subscribers, RegistryState current, List<RegistryEvent> events) {
    long version = current.version();
    if (!subscribers.isEmpty()) {
      pending.computeIfAbsent(version, v -> new HashSet<>()).addAll(subscribers);
      Update update = new Update(current, events, ackTo);
      subscribers.forEach(subscriber -> subscriber.tell(update));
    } else {
      pending.computeIfAbsent(version, v -> new HashSet<>());
    }
    settle();
  }

  private Behavior<Command> onApplied(Applied ack) {
    // A subscriber handles updates in order: its acknowledgement of a version covers the earlier ones.
    for (Set<ActorRef<Update>> waiting : pending.headMap(ack.version(), true).values()) {
      waiting.remove(ack.subscriber());
    }
    settle();
    return this;
  }

  private Behavior<Command> onSubscriberStopped(Terminated terminated) {
    everything.remove(terminated.getRef());
    byEvent.values().forEach(subscribers -> subscribers.remove(terminated.getRef()));
    pending.values().forEach(waiting -> waiting.remove(terminated.getRef()));
    settle();
    return this;
  }

  /** Advances the applied version over every leading version no subscriber still works on. */
  private void settle() {
    while (!pending.isEmpty() && pending.firstEntry().getValue().isEmpty()) {
      applied.advance(pending.pollFirstEntry().getKey());
    }
  }

  private void publish(RegistryState before, List<RegistryEvent> events) {
    for (LifecycleChange change : new LifecycleHistory(before).replay(events)) {
      getContext().getSystem().eventStream().tell(new EventStream.Publish<>(change));
    }
  }
}
