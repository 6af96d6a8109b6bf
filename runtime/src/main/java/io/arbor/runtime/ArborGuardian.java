package io.arbor.runtime;

import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.chain.CallGateway;
import io.arbor.runtime.chain.ChainDirectory;
import io.arbor.runtime.chain.EventSupervisor;
import io.arbor.runtime.cluster.RegistryPlacement;
import io.arbor.runtime.health.HealthChecks;
import io.arbor.runtime.install.ArtifactFollower;
import io.arbor.runtime.install.LoadedArtifacts;
import io.arbor.runtime.store.PluginStores;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryEvent;
import io.arbor.runtime.registry.RegistryJournal;
import io.arbor.runtime.registry.RegistryView;
import io.arbor.runtime.registry.AppliedVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The root of Arbor's actors: it spawns the registry's writer, this node's {@link RegistryView}, the
 * call gateway, the {@link ArtifactFollower} that loads what other nodes installed, and one {@link
 * EventSupervisor} per declared event. It holds no registry state: the
 * view tells each supervisor the changes that touch its event.
 *
 * <p>No message may stop it, since it would take every actor of Arbor with it: a handler's failure is
 * caught and answered as an error, and anything that still escapes is logged and the guardian
 * resumes. If it stops all the same (closed, the ActorSystem terminating, its registry, view or call
 * gateway gone), it closes the chain directory with the reason, so calls and operations fail at once
 * with {@link io.arbor.runtime.chain.ArborClosedException} instead of waiting for actors that are gone.
 */
final class ArborGuardian extends AbstractBehavior<ArborGuardian.Command> {

  sealed interface Command {}

  record GetRefs(ActorRef<Refs> replyTo) implements Command {}

  record Refs(ActorRef<Registry.Command> registry, ActorRef<RegistryView.Command> view, ActorRef<CallGateway.Command> gateway) {}

  /** Declare an event; the reply is null, or the error (for example the name is taken by another state type). */
  record DeclareEvent(EventType<?> type, ActorRef<DeclareReply> replyTo) implements Command {}

  record DeclareReply(RuntimeException error) {}

  /** Rebuild one event's chain from the current registry (new plugin code arrived); reply when done. */
  record RefreshEvent(String event, ActorRef<Done> replyTo) implements Command {}

  /** Start an artifact's plugins of one event outside its chain ({@link EventSupervisor.Prepare}); at once when it is not declared here. */
  record PrepareEvent(String event, List<PluginDefinition<?>> plugins, String origin, ActorRef<EventSupervisor.Prepared> replyTo)
      implements Command {}

  /** Stop the prepared actors of an artifact whose install did not land, on every event. */
  record Unprepare(String origin) implements Command {}

  /** Stop Arbor's actors (used when Arbor is attached to an application's ActorSystem); {@code replyTo} hears once they have. */
  record Shutdown(ActorRef<Done> replyTo) implements Command {}

  /** Every registry change, for the code of unregistered plugins. */
  private record Changed(RegistryView.Update update) implements Command {}

  private final PluginCatalog catalog;
  private final PluginStores stores;
  private final String node;
  private final ChainDirectory directory;
  private final ActorRef<Registry.Command> registry;
  private final ActorRef<RegistryView.Command> view;
  private final ActorRef<CallGateway.Command> gateway;
  private final EventSupervisor.Setup supervisorSetup;
  private final Map<String, EventType<?>> events = new HashMap<>();
  private final Map<String, ActorRef<EventSupervisor.Command>> supervisors = new HashMap<>();
  private final ActorRef<RegistryView.Update> changes;

  /** Why Arbor's actors are stopping, for the errors of calls made from then on. */
  private String stopReason = "Arbor's actors stopped (the ActorSystem is terminating, or see the log)";

  static Behavior<Command> create(ArborSettings settings, PluginCatalog catalog, ChainDirectory directory, AppliedVersion applied,
      LoadedArtifacts artifacts, PluginStores stores) {
    // resume, not restart: a restart would stop every child, the registry and all plugin actors with them
    return Behaviors.supervise(Behaviors.<Command>setup(context -> new ArborGuardian(context, settings, catalog, directory, applied,
            artifacts, stores)))
        .onFailure(SupervisorStrategy.resume());
  }

  private ArborGuardian(ActorContext<Command> context, ArborSettings settings, PluginCatalog catalog, ChainDirectory directory,
      AppliedVersion applied, LoadedArtifacts artifacts, PluginStores stores) {
    super(context);
    this.catalog = catalog;
    this.stores = stores;
    this.node = settings.node();
    this.directory = directory;
    ActorRef<Topic.Command<Registry.Persisted>> notifications =
        context.spawn(Topic.create(Registry.Persisted.class, "arbor-registry-notifications"), "registry-notifications");
    Behavior<Registry.Command> registryBehavior =
        Behaviors.supervise(Registry.create(settings.registry(), notifications))
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.registry = RegistryPlacement.place(context, registryBehavior);
    this.view = context.spawn(
        Behaviors.supervise(RegistryView.create(registry, notifications, new RegistryJournal(context.getSystem(), settings.registry()), applied, settings.view()))
            .onFailure(SupervisorStrategy.restart()),
        "registry-view");
    // Restarted on any failure: it is also the rescue for calls sent to stopped plugin actors.
    this.gateway = context.spawn(
        Behaviors.supervise(CallGateway.create(directory)).onFailure(SupervisorStrategy.restart()), "calls");
    HealthChecks checks = new HealthChecks(context.getSystem().dispatchers().lookup(DispatcherSelector.blocking()), settings.healthTimeout());
    this.supervisorSetup = new EventSupervisor.Setup(catalog, directory, registry, view, settings.node(), settings.askTimeout(),
        settings.pluginDispatchers(), settings.maxStuckThreads(), checks::probe, settings.install().handoverTimeout(), stores);
    ActorRef<Command> self = context.getSelf();
    context.spawn(Behaviors.supervise(ArtifactFollower.create(view, artifacts, catalog,
            context.getSystem().dispatchers().lookup(DispatcherSelector.blocking()),
            events -> events.forEach(event -> self.tell(new RefreshEvent(event, context.getSystem().ignoreRef())))))
        .onFailure(SupervisorStrategy.restart()), "artifacts");
    this.changes = context.messageAdapter(RegistryView.Update.class, Changed::new);
    view.tell(new RegistryView.Subscribe(null, changes));
    context.watch(registry);
    context.watch(view);
    context.watch(gateway);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GetRefs.class, message -> {
          message.replyTo().tell(new Refs(registry, view, gateway));
          return this;
        })
        .onMessage(DeclareEvent.class, this::onDeclare)
        .onMessage(RefreshEvent.class, this::onRefresh)
        .onMessage(PrepareEvent.class, prepare -> {
          ActorRef<EventSupervisor.Command> supervisor = supervisors.get(prepare.event());
          if (supervisor == null) {
            prepare.replyTo().tell(new EventSupervisor.Prepared(null)); // runs nowhere on this node
          } else {
            supervisor.tell(new EventSupervisor.Prepare(prepare.plugins(), prepare.origin(), prepare.replyTo()));
          }
          return this;
        })
        .onMessage(Unprepare.class, unprepare -> {
          supervisors.values().forEach(supervisor -> supervisor.tell(new EventSupervisor.Unprepare(unprepare.origin())));
          return this;
        })
        .onMessage(Changed.class, this::onChanged)
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
    if (!terminated.getRef().equals(registry) && !terminated.getRef().equals(view) && !terminated.getRef().equals(gateway)) {
      return this;
    }
    if (directory.isClosed() || CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) {
      // A shutting-down node: the cluster stops the singleton proxy as the node leaves, before this actor stops.
      stopReason = "Arbor was closed";
      return Behaviors.stopped();
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
    directory.expect(type.name()); // before the supervisor subscribes, so a wait for its first chain cannot miss it
    // Resumed, not restarted, on a crash: a restart stops its plugin actors and waits for them, which
    // never ends while one is stuck in its code; its state stays, and the next change rebuilds.
    ActorRef<EventSupervisor.Command> supervisor = getContext().spawn(
        Behaviors.supervise(EventSupervisor.create(type, supervisorSetup)).onFailure(SupervisorStrategy.resume()),
        "event-" + URLEncoder.encode(type.name(), StandardCharsets.UTF_8));
    events.put(type.name(), type);
    supervisors.put(type.name(), supervisor);
    declare.replyTo().tell(new DeclareReply(null));
  }

  private Behavior<Command> onRefresh(RefreshEvent refresh) {
    ActorRef<EventSupervisor.Command> supervisor = supervisors.get(refresh.event());
    if (supervisor == null) {
      refresh.replyTo().tell(Done.getInstance());
    } else {
      supervisor.tell(new EventSupervisor.Refresh(refresh.replyTo()));
    }
    return this;
  }

  /**
   * An unregistered plugin's code leaves the catalog, else a node would keep every unregistered
   * plugin's code forever; its stores go with it (the replicated one emptied by the node it was
   * unregistered from).
   */
  private Behavior<Command> onChanged(Changed changed) {
    RegistryView.Update update = changed.update();
    try {
      for (RegistryEvent event : update.events()) {
        if (event instanceof RegistryEvent.PluginUnregistered unregistered && update.state().plugin(unregistered.plugin()).isEmpty()) {
          catalog.drop(unregistered.plugin());
          stores.drop(unregistered.plugin(), node.equals(unregistered.node()));
        }
      }
    } finally {
      update.ackTo().tell(new RegistryView.Applied(update.state().version(), changes));
    }
    return this;
  }
}
