package io.arbor.runtime;

import io.arbor.plugin.EventType;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.chain.CallGateway;
import io.arbor.runtime.chain.ChainDirectory;
import io.arbor.runtime.chain.EventSupervisor;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.LifecycleHistory;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryEvent;
import io.arbor.runtime.registry.RegistryState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The root of Arbor's actors: it owns the registry, the call gateway and one {@link EventSupervisor}
 * per declared event, and passes every registry change on to the supervisors.
 *
 * <p>No message may stop it, since it would take every actor of Arbor with it: a handler's failure is
 * caught and answered as an error, and anything that still escapes is logged and the guardian
 * resumes. If it stops all the same (closed, the ActorSystem terminating, its registry or call
 * gateway gone), it closes the chain directory with the reason, so calls and operations fail at once
 * with {@link io.arbor.runtime.chain.ArborClosedException} instead of waiting for actors that are gone.
 */
final class ArborGuardian extends AbstractBehavior<ArborGuardian.Command> {

  sealed interface Command {}

  record GetRefs(ActorRef<Refs> replyTo) implements Command {}

  record Refs(ActorRef<Registry.Command> registry, ActorRef<CallGateway.Command> gateway) {}

  /** Declare an event; the reply is null, or the error (for example the name is taken by another state type). */
  record DeclareEvent(EventType<?> type, ActorRef<DeclareReply> replyTo) implements Command {}

  record DeclareReply(RuntimeException error) {}

  /** Rebuild one event's chain from the current registry (new plugin code arrived); reply when done. */
  record RefreshEvent(String event, ActorRef<Done> replyTo) implements Command {}

  /** Stop Arbor's actors (used when Arbor is attached to an application's ActorSystem); {@code replyTo} hears once they have. */
  record Shutdown(ActorRef<Done> replyTo) implements Command {}

  private record RegistryChanged(Registry.Changed change) implements Command {}

  private final ArborSettings settings;
  private final PluginCatalog catalog;
  private final ChainDirectory directory;
  private final ActorRef<Registry.Command> registry;
  private final ActorRef<CallGateway.Command> gateway;
  private final Map<String, EventType<?>> events = new HashMap<>();
  private final Map<String, ActorRef<EventSupervisor.Command>> supervisors = new HashMap<>();
  private RegistryState state;
  /** The latest registry state, read by event supervisors when they start or restart. */
  private final AtomicReference<RegistryState> latest = new AtomicReference<>();

  /** Why Arbor's actors are stopping, for the errors of calls made from then on. */
  private String stopReason = "Arbor's actors stopped (the ActorSystem is terminating, or see the log)";

  static Behavior<Command> create(ArborSettings settings, PluginCatalog catalog, ChainDirectory directory) {
    // resume, not restart: a restart would stop every child, the registry and all plugin actors with them
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new ArborGuardian(context, settings, catalog, directory)))
        .onFailure(SupervisorStrategy.resume());
  }

  private ArborGuardian(
      ActorContext<Command> context, ArborSettings settings, PluginCatalog catalog, ChainDirectory directory) {
    super(context);
    this.settings = settings;
    this.catalog = catalog;
    this.directory = directory;
    ActorRef<Registry.Changed> listener = context.messageAdapter(Registry.Changed.class, RegistryChanged::new);
    Behavior<Registry.Command> registryBehavior =
        Behaviors.supervise(Registry.create(settings.registry(), listener))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.registry = context.spawn(registryBehavior, "registry");
    // Restarted on any failure: it is also the rescue for calls sent to stopped plugin actors.
    this.gateway = context.spawn(
        Behaviors.supervise(CallGateway.create(directory)).onFailure(SupervisorStrategy.restart()), "calls");
    context.watch(registry);
    context.watch(gateway);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GetRefs.class, message -> {
          message.replyTo().tell(new Refs(registry, gateway));
          return this;
        })
        .onMessage(DeclareEvent.class, this::onDeclare)
        .onMessage(RefreshEvent.class, this::onRefresh)
        .onMessage(RegistryChanged.class, this::onRegistryChanged)
        .onMessage(Shutdown.class, message -> {
          stopReason = "Arbor was closed";
          return Behaviors.stopped(() -> message.replyTo().tell(Done.getInstance()));
        })
        .onSignal(Terminated.class, this::onChildStopped)
        .onSignal(PostStop.class, signal -> {
          directory.close(stopReason);
          return this;
        })
        .build();
  }

  /** Supervised children stop only when something is badly wrong; without them Arbor cannot answer anything. */
  private Behavior<Command> onChildStopped(Terminated terminated) {
    if (!terminated.getRef().equals(registry) && !terminated.getRef().equals(gateway)) {
      return this;
    }
    stopReason = "Arbor's " + terminated.getRef().path().name() + " actor stopped (see the log)";
    getContext().getLog().error("{}; Arbor stops, calls and operations fail from now on", stopReason);
    return Behaviors.stopped();
  }

  private Behavior<Command> onDeclare(DeclareEvent declare) {
    try {
      declare(declare);
    } catch (RuntimeException e) {
      getContext().getLog().error("Declaring an event failed: {}", declare.type(), e);
      declare.replyTo().tell(new DeclareReply(e));
    }
    return this;
  }

  private void declare(DeclareEvent declare) {
    EventType<?> type = declare.type();
    EventType<?> existing = events.get(type.name());
    if (existing != null) {
      declare.replyTo().tell(new DeclareReply(existing.equals(type) ? null : new EventConflictException(existing, type)));
      return;
    }
    // Resumed, not restarted, on a crash: a restart stops its plugin actors and waits for them, which
    // never ends while one is stuck in its code; its state stays, and the next change rebuilds.
    ActorRef<EventSupervisor.Command> supervisor = getContext().spawn(
        Behaviors.supervise(EventSupervisor.create(type, catalog, directory, registry, settings.node(), latest, settings.askTimeout(),
            settings.pluginDispatchers(), settings.maxStuckThreads()))
            .onFailure(SupervisorStrategy.resume()),
        "event-" + URLEncoder.encode(type.name(), StandardCharsets.UTF_8));
    // Recorded only once its supervisor exists: a failed declaration leaves no event that waits would wait for.
    events.put(type.name(), type);
    supervisors.put(type.name(), supervisor);
    directory.expect(type.name());
    declare.replyTo().tell(new DeclareReply(null));
  }

  private Behavior<Command> onRefresh(RefreshEvent refresh) {
    ActorRef<EventSupervisor.Command> supervisor = supervisors.get(refresh.event());
    if (supervisor == null || state == null) {
      refresh.replyTo().tell(Done.getInstance());
    } else {
      supervisor.tell(new EventSupervisor.Apply(state, refresh.replyTo()));
    }
    return this;
  }

  /** The new state goes to the chains and the changes to the lifecycle stream (Pekko's event stream). */
  private Behavior<Command> onRegistryChanged(RegistryChanged changed) {
    state = changed.change().after();
    latest.set(state);
    for (RegistryEvent event : changed.change().events()) {
      if (event instanceof RegistryEvent.PluginUnregistered unregistered && state.plugin(unregistered.plugin()).isEmpty()) {
        catalog.drop(unregistered.plugin()); // else a node would keep every unregistered plugin's code forever
      }
    }
    supervisors.values().forEach(supervisor -> supervisor.tell(new EventSupervisor.Apply(state, null)));
    for (LifecycleChange change : new LifecycleHistory(changed.change().before()).replay(changed.change().events())) {
      getContext().getSystem().eventStream().tell(new EventStream.Publish<>(change));
    }
    return this;
  }
}
