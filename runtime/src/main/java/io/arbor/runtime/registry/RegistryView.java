package io.arbor.runtime.registry;

import io.arbor.runtime.ArborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * This node's copy of the registry. It applies the writer's {@link Registry.Persisted} notifications
 * (the fast path, a topic) in version order; when versions are missing (a lost notification, a
 * restarted writer, a node that joins late) it reads them from the journal, the source of truth, or,
 * on a cold start or a gap too long to replay, takes the writer's whole state. Every {@code
 * reconcile-interval} it compares its version with the writer's, which bounds how long a silent
 * loss can last.
 *
 * <p>It tells each change only to the subscribers of the events the change touches, advances {@link
 * AppliedVersion} once they have applied it, and publishes this node's lifecycle stream (Pekko's
 * event stream). Subscribers are the event supervisors (one per declared event) and any actor that
 * wants every change; each acknowledges an {@link Update} with {@link Applied}. A subscriber that
 * stops counts as having applied everything.
 */
public final class RegistryView extends AbstractBehavior<RegistryView.Command> {

  /** Every node's view registers under this key, so a node can ask the others for their versions. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "arbor-registry-view");

  /** Commands may come from other nodes (version queries): plain data. */
  public sealed interface Command extends ArborSerializable {}

  /** Follow one event's plugins ({@code event} non-null) or every change ({@code event} null). */
  public record Subscribe(String event, ActorRef<Update> subscriber) implements Command {}

  /** What a subscriber gets: the registry after a change, the events of the change, and where to acknowledge. */
  public record Update(RegistryState state, List<RegistryEvent> events, ActorRef<Applied> ackTo) {}

  /** A subscriber's chains reflect {@code version}. */
  public record Applied(long version, ActorRef<Update> subscriber) implements Command {}

  /** The view's version and the version this node's chains reflect. */
  public record GetVersion(ActorRef<Version> replyTo) implements Command {}

  /**
   * Answer with this node's versions once its chains reflect {@code version} (at once if they do), or
   * after {@code ask-timeout} with the version they reached.
   */
  public record AwaitApplied(long version, ActorRef<Version> replyTo) implements Command {}

  /** This node's copy of the registry, for the reads that must not depend on the writer; never sent between nodes. */
  public record GetState(ActorRef<Local> replyTo) implements Command {}

  /**
   * What {@link GetState} answers: the view's state (null before the first one), whether it is
   * repairing a gap or a cold start, and the version this node's chains reflect.
   */
  public record Local(RegistryState state, boolean catchingUp, long applied) {}

  /** {@code node} is this node's address; {@code view} -1 before the first state. */
  public record Version(String node, long view, long applied) implements ArborSerializable {}

  /** How the view catches up; {@code arbor.registry.view} in the configuration. */
  public record Settings(Duration askTimeout, Duration reconcileInterval, int journalCatchUpLimit) {}

  private record Notified(Registry.Persisted notification) implements Command {}

  private record Transferred(RegistryState state) implements Command {}

  private record FromJournal(long from, long to, List<RegistryEvent> events, String failure) implements Command {}

  private record WriterAt(Registry.CurrentVersion version) implements Command {}

  private record CatchUpTimedOut(long attempt) implements Command {}

  private record Reconcile() implements Command {}

  private record Reached(ActorRef<Version> replyTo) implements Command {}

  private final RecipientRef<Registry.Command> writer;
  private final RegistryJournal journal;
  private final AppliedVersion applied;
  private final Settings settings;
  private final TimerScheduler<Command> timers;
  private final String node;
  private final Map<String, Set<ActorRef<Update>>> byEvent = new HashMap<>();
  private final Set<ActorRef<Update>> everything = new HashSet<>();
  /** Subscribers that have not yet applied each version, by version. */
  private final TreeMap<Long, Set<ActorRef<Update>>> pending = new TreeMap<>();
  private final ActorRef<Applied> ackTo;
  private final ActorRef<RegistryState> transfers;
  private final ActorRef<Registry.CurrentVersion> writerVersions;
  /** Null until the first state transfer: the view knows nothing before it. */
  private RegistryState state;
  /** Non-zero while a catch-up is on its way; a timeout of an older attempt is ignored. */
  private long catchingUp;
  private long attempts;
  /** Notifications that came while catching up; replayed after it. */
  private final List<Registry.Persisted> held = new ArrayList<>();

  /**
   * @param writer where the registry is written (the local {@link Registry}, or the cluster
   *     singleton's proxy), asked for its state on a cold start and for its version to reconcile
   * @param notifications the topic the writer publishes to after each journal write
   */
  public static Behavior<Command> create(RecipientRef<Registry.Command> writer,
      ActorRef<Topic.Command<Registry.Persisted>> notifications, RegistryJournal journal, AppliedVersion applied,
      Settings settings) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      notifications.tell(Topic.subscribe(context.messageAdapter(Registry.Persisted.class, Notified::new)));
      context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
      return new RegistryView(context, timers, writer, journal, applied, settings);
    }));
  }

  private RegistryView(ActorContext<Command> context, TimerScheduler<Command> timers, RecipientRef<Registry.Command> writer,
      RegistryJournal journal, AppliedVersion applied, Settings settings) {
    super(context);
    this.timers = timers;
    this.writer = writer;
    this.journal = journal;
    this.applied = applied;
    this.settings = settings;
    this.node = context.getSystem().address().toString();
    this.ackTo = context.getSelf().narrow();
    this.transfers = context.messageAdapter(RegistryState.class, Transferred::new);
    this.writerVersions = context.messageAdapter(Registry.CurrentVersion.class, WriterAt::new);
    timers.startTimerWithFixedDelay(new Reconcile(), settings.reconcileInterval());
    transferState();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Applied.class, this::onApplied)
        .onMessage(Notified.class, notified -> onNotification(notified.notification()))
        .onMessage(Transferred.class, this::onTransferred)
        .onMessage(FromJournal.class, this::onFromJournal)
        .onMessage(CatchUpTimedOut.class, this::onCatchUpTimedOut)
        .onMessage(Reconcile.class, this::onReconcile)
        .onMessage(WriterAt.class, this::onWriterAt)
        .onMessage(GetVersion.class, get -> {
          get.replyTo().tell(version());
          return this;
        })
        .onMessage(GetState.class, get -> {
          get.replyTo().tell(new Local(state, state == null || catchingUp != 0, applied.current()));
          return this;
        })
        .onMessage(AwaitApplied.class, this::onAwaitApplied)
        .onMessage(Reached.class, reached -> {
          reached.replyTo().tell(version());
          return this;
        })
        .onSignal(Terminated.class, this::onSubscriberStopped)
        .build();
  }

  private Version version() {
    return new Version(node, state == null ? -1 : state.version(), applied.current());
  }

  private Behavior<Command> onAwaitApplied(AwaitApplied await) {
    // Bounded, so that a member that never gets there leaves no waiter behind; the answer says how far it got.
    getContext().pipeToSelf(applied.await(await.version()).orTimeout(settings.askTimeout().toMillis(), TimeUnit.MILLISECONDS),
        (done, error) -> new Reached(await.replyTo()));
    return this;
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
    if (state == null || catchingUp != 0) {
      held.add(notification);
      return this;
    }
    ViewRules.Decision decision = ViewRules.decide(state.version(), notification);
    if (decision instanceof ViewRules.Apply) {
      apply(notification.events());
    } else if (decision instanceof ViewRules.Gap gap) {
      held.add(notification);
      catchUp(gap.missingFrom(), gap.missingTo());
    }
    return this;
  }

  private void apply(List<RegistryEvent> events) {
    RegistryState before = state;
    state = state.applyAll(events);
    publish(before, events);
    Set<ActorRef<Update>> subscribers = new HashSet<>(everything);
    for (String event : ViewRules.touchedEvents(before, state, events)) {
      if (Pause.ALL.equals(event)) {
        byEvent.values().forEach(subscribers::addAll);
      } else {
        subscribers.addAll(byEvent.getOrDefault(event, Set.of()));
      }
    }
    tell(subscribers, state, events);
  }

  /** Versions {@code from} to {@code to} are missing: from the journal if few, else the writer's whole state. */
  private void catchUp(long from, long to) {
    if (to - from + 1 > settings.journalCatchUpLimit()) {
      getContext().getLog().info("Registry view at version {} missed versions {} to {}; taking the writer's state", state.version(), from, to);
      transferState();
      return;
    }
    getContext().getLog().info("Registry view at version {} missed versions {} to {}; reading them from the journal", state.version(), from, to);
    long attempt = startCatchUp();
    getContext().pipeToSelf(journal.events(from, to),
        (events, error) -> error == null ? new FromJournal(from, to, events, null) : new FromJournal(from, to, List.of(), String.valueOf(error)));
    timers.startSingleTimer("catch-up", new CatchUpTimedOut(attempt), settings.askTimeout());
  }

  private void transferState() {
    long attempt = startCatchUp();
    writer.tell(new Registry.GetState(transfers));
    timers.startSingleTimer("catch-up", new CatchUpTimedOut(attempt), settings.askTimeout());
  }

  private long startCatchUp() {
    catchingUp = ++attempts;
    return catchingUp;
  }

  private Behavior<Command> onFromJournal(FromJournal read) {
    if (catchingUp == 0 || state == null) {
      return this;
    }
    if (read.failure() != null || read.events().size() != read.to() - read.from() + 1 || read.from() != state.version() + 1) {
      getContext().getLog().warn("Reading versions {} to {} from the journal gave {} events{}; taking the writer's state instead",
          read.from(), read.to(), read.events().size(), read.failure() == null ? "" : " (" + read.failure() + ")");
      transferState();
      return this;
    }
    apply(read.events());
    return caughtUp();
  }

  private Behavior<Command> onTransferred(Transferred transferred) {
    if (catchingUp == 0) {
      return this; // a late answer to an attempt that timed out and was not retried
    }
    RegistryState next = transferred.state();
    if (state == null || next.version() > state.version()) {
      RegistryState before = state;
      state = next;
      if (before != null) {
        getContext().getLog().info("Registry view caught up from version {} to {} with the writer's state", before.version(), next.version());
      }
      Set<ActorRef<Update>> all = new HashSet<>(everything);
      byEvent.values().forEach(all::addAll);
      tell(all, state, List.of());
    }
    return caughtUp();
  }

  private Behavior<Command> caughtUp() {
    catchingUp = 0;
    timers.cancel("catch-up");
    List<Registry.Persisted> replay = new ArrayList<>(held);
    held.clear();
    for (Registry.Persisted notification : replay) {
      if (ViewRules.decide(state.version(), notification) instanceof ViewRules.Gap) {
        // Ahead of what the writer or the journal just gave: not to be chased again now; the next
        // notification or the reconciliation shows whether anything is really missing.
        getContext().getLog().warn("Registry view at version {} dropped a notification of versions {} to {} it cannot place",
            state.version(), notification.fromVersion(), notification.toVersion());
      } else {
        onNotification(notification);
      }
    }
    return this;
  }

  private Behavior<Command> onCatchUpTimedOut(CatchUpTimedOut timedOut) {
    if (timedOut.attempt() != catchingUp) {
      return this;
    }
    getContext().getLog().warn("Registry view got no answer within {} ms while catching up (is the registry's writer or the database"
        + " reachable?); trying again", settings.askTimeout().toMillis());
    transferState();
    return this;
  }

  private Behavior<Command> onReconcile(Reconcile reconcile) {
    if (catchingUp == 0 && state != null) {
      writer.tell(new Registry.GetVersion(writerVersions));
    }
    return this;
  }

  private Behavior<Command> onWriterAt(WriterAt at) {
    if (catchingUp == 0 && state != null && at.version().version() > state.version()) {
      getContext().getLog().warn("Registry view at version {} found the writer at {} without being notified; catching up",
          state.version(), at.version().version());
      catchUp(state.version() + 1, at.version().version());
    }
    return this;
  }

  /** Sends the update and waits for each subscriber's acknowledgement before advancing the applied version. */
  private void tell(Set<ActorRef<Update>> subscribers, RegistryState current, List<RegistryEvent> events) {
    long version = current.version();
    Set<ActorRef<Update>> waiting = pending.computeIfAbsent(version, v -> new HashSet<>());
    if (!subscribers.isEmpty()) {
      waiting.addAll(subscribers);
      Update update = new Update(current, events, ackTo);
      subscribers.forEach(subscriber -> subscriber.tell(update));
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
