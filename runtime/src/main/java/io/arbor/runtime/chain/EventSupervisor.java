package io.arbor.runtime.chain;

import io.arbor.plugin.EventType;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.registry.ChainOrder;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.RegistryView;
import io.arbor.runtime.registry.Target;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One event's supervisor: the parent of its plugin actors. It subscribes to this node's {@link
 * RegistryView} for its event; on every change that touches the event it starts the actors of plugins
 * that became active, stops the others, publishes the event's new chain and acknowledges. When a
 * plugin actor stops on its own (its restart limit was reached), it takes the plugin out of the chain
 * at once and asks the registry to mark it failed.
 */
public final class EventSupervisor extends AbstractBehavior<EventSupervisor.Command> {

  public sealed interface Command {}

  /** What the supervisor needs besides its event; the same for every event of the node. */
  public record Setup(
      PluginCatalog catalog, ChainDirectory directory, RecipientRef<Registry.Command> registry,
      ActorRef<RegistryView.Command> view, String node, Duration retryInterval, Map<String, String> pluginDispatchers,
      int maxStuckThreads) {}

  /** Rebuild the chain from the registry as last seen (new plugin code arrived); {@code replyTo} hears when done. */
  public record Refresh(ActorRef<Done> replyTo) implements Command {}

  private record Apply(RegistryView.Update update) implements Command {}

  /**
   * The watchdog found a plugin stuck in its code: calls already skip that actor; replace it with a
   * fresh instance, or give up on the plugin if it holds too many stuck threads.
   */
  record PluginStuck(PluginCell cell, String why) implements Command {}

  /** Send MARK_FAILED again if the registry still lists a given-up plugin as active. */
  private record RetryMarkFailed(String plugin, String reason) implements Command {}

  private final EventType<?> event;
  private final PluginCatalog catalog;
  private final ChainDirectory directory;
  private final RecipientRef<Registry.Command> registry;
  private final String node;
  private final Props pluginProps;
  /** Plugins an operator moved to a dispatcher of their own ({@code arbor.plugin-dispatchers}). */
  private final Map<String, String> pluginDispatchers;
  /** Where the view's updates come in; the view knows this supervisor by it. */
  private final ActorRef<RegistryView.Update> updates;

  private final Map<String, PluginCell> cells = new HashMap<>();
  /** What each running actor was started from: a new record (restart, re-declaration) or new code replaces the actor. */
  private final Map<String, PluginRecord> startedFrom = new HashMap<>();
  private final Map<String, PluginDefinition<?>> startedWith = new HashMap<>();
  private final Set<ActorRef<?>> stopping = new HashSet<>();
  private final Map<ActorRef<?>, PluginCell> cellsByActor = new HashMap<>();
  /**
   * Plugins whose actor gave up, kept out of the chain until the registry no longer lists them
   * active; until then MARK_FAILED is sent again every {@code retryInterval} (its write may be lost
   * while the database is away).
   */
  private final Set<String> givenUp = new HashSet<>();
  private final Duration retryInterval;
  /** A plugin with this many actors stuck in its code at once is marked failed. */
  private final int maxStuckThreads;
  /** Each plugin's stuck calls under its restart strategy: its actors are replaced, so they cannot count them. */
  private final Map<String, RestartPolicy> stuckRestarts = new HashMap<>();
  private RegistryState state = RegistryState.EMPTY;
  private ChainSnapshot published;
  private long incarnation;

  public static Behavior<Command> create(EventType<?> event, Setup setup) {
    return Behaviors.setup(context -> new EventSupervisor(context, event, setup));
  }

  private EventSupervisor(ActorContext<Command> context, EventType<?> event, Setup setup) {
    super(context);
    this.event = event;
    this.catalog = setup.catalog();
    this.directory = setup.directory();
    this.registry = setup.registry();
    this.node = setup.node();
    this.retryInterval = setup.retryInterval();
    this.pluginDispatchers = setup.pluginDispatchers();
    this.maxStuckThreads = setup.maxStuckThreads();
    this.pluginProps = Props.empty().withDispatcherFromConfig("arbor.plugin-dispatcher").withMailboxFromConfig("arbor.plugin-mailbox");
    this.updates = context.messageAdapter(RegistryView.Update.class, Apply::new);
    setup.view().tell(new RegistryView.Subscribe(event.name(), updates));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Apply.class, this::onApply)
        .onMessage(Refresh.class, refresh -> {
          rebuild();
          refresh.replyTo().tell(Done.getInstance());
          return this;
        })
        .onMessage(PluginStuck.class, this::onStuck)
        .onMessage(RetryMarkFailed.class, this::markFailed)
        .onSignal(ChildFailed.class, signal -> onChildGone(signal.getRef(), signal.getCause().toString()))

        .onSignal(Terminated.class, signal -> onChildGone(signal.getRef(), "the plugin's actor stopped"))
        .build();
  }

  private Behavior<Command> onApply(Apply apply) {
    RegistryView.Update update = apply.update();
    state = update.state();
    givenUp.removeIf(name -> !state.isActive(name));
    stuckRestarts.keySet().removeIf(name -> !state.isActive(name)); // an operator's restart starts it afresh
    try {
      rebuild();
    } finally {
      // Even if the rebuild failed (the supervisor resumes and the next change rebuilds): lifecycle
      // acknowledgements wait for this event's chain and must not stall behind it.
      update.ackTo().tell(new RegistryView.Applied(state.version(), updates));
    }
    return this;
  }

  private void rebuild() {
    List<PluginDescriptor> eligible = new ArrayList<>();
    Map<String, PluginRecord> records = new HashMap<>();
    for (PluginRecord record : state.pluginsOf(event.name())) {
      if (record.status().isActive() && state.inactive(record.descriptor().dependsOn()).isEmpty()
          && !givenUp.contains(record.name())) {
        eligible.add(record.descriptor());
        records.put(record.name(), record);
      }
    }
    Map<String, PluginCell> next = new LinkedHashMap<>();
    List<String> notLoaded = new ArrayList<>();
    for (PluginDescriptor descriptor : ChainOrder.order(eligible)) {
      Optional<PluginDefinition<?>> code = catalog.find(descriptor.name());
      if (code.isEmpty()) {
        notLoaded.add(descriptor.name());
        continue;
      }
      PluginCell cell = cells.get(descriptor.name());
      PluginRecord record = records.get(descriptor.name());
      if (cell != null && (!record.equals(startedFrom.get(descriptor.name())) || code.get() != startedWith.get(descriptor.name()))) {
        retire(cell); // restarted, re-declared or new code: a fresh actor from the current record and code
        cell = null;
      }
      if (cell == null) {
        cell = spawn(descriptor, code.get());
        startedFrom.put(descriptor.name(), record);
        startedWith.put(descriptor.name(), code.get());
      }
      next.put(descriptor.name(), cell);
    }
    for (Map.Entry<String, PluginCell> entry : cells.entrySet()) {
      if (!next.containsKey(entry.getKey())) {
        retire(entry.getValue());
        startedFrom.remove(entry.getKey());
        startedWith.remove(entry.getKey());
      }
    }
    cells.clear();
    cells.putAll(next);
    ChainSnapshot chain = new ChainSnapshot(event.name(), event.stateType(), new ArrayList<>(next.values()), notLoaded);
    if (!chain.sameAs(published)) {
      published = chain;
      directory.publish(chain);
    }
  }

  /** Stops a plugin actor on purpose; calls still queued for it skip the plugin as unavailable. */
  private void retire(PluginCell cell) {
    stopping.add(cell.ref());
    getContext().stop(cell.ref());
  }

  private PluginCell spawn(PluginDescriptor descriptor, PluginDefinition<?> code) {
    PluginCell cell = new PluginCell(descriptor, getContext().getSelf());
    String actorName = URLEncoder.encode(descriptor.name(), StandardCharsets.UTF_8) + "-" + (++incarnation);
    String dispatcher = pluginDispatchers.get(descriptor.name());
    Props props = dispatcher == null
        ? pluginProps
        : Props.empty().withDispatcherFromConfig(dispatcher).withMailboxFromConfig("arbor.plugin-mailbox");
    ActorRef<PluginActor.Command> ref = getContext().spawn(PluginActor.create(cell, code), actorName, props);
    cell.bind(ref);
    // Visible to the watchdog at once, even if no dispatcher thread is free to run the new actor yet.
    PluginMailbox.of(Adapter.toClassic(ref)).ifPresent(cell::attachMailbox);
    getContext().watch(ref);
    cellsByActor.put(ref, cell);
    directory.started(cell);
    return cell;
  }

  private Behavior<Command> onStuck(PluginStuck stuck) {
    PluginCell cell = stuck.cell();
    if (cells.get(cell.name) != cell) {
      return this; // no longer in the chain: stopped, unregistered or replaced meanwhile
    }
    cells.remove(cell.name);
    retire(cell); // it stops once its thread returns from the plugin, if ever
    long pinned = cellsByActor.values().stream().filter(other -> other.name.equals(cell.name) && other.isStuck()).count();
    // Each stuck call counts against the plugin's restart strategy too, so that one that keeps
    // overrunning its timeout briefly gives up like one that keeps throwing.
    RestartPolicy.Decision decision = stuckRestarts.computeIfAbsent(cell.name, name -> new RestartPolicy(cell.descriptor().restart()))
        .onFailure(System.nanoTime());
    String givingUp = pinned >= maxStuckThreads ? pinned + " threads stuck in its code at once"
        : decision instanceof RestartPolicy.GiveUp giveUp
            ? "stuck in its code " + giveUp.failures() + " times within " + giveUp.within() : null;
    if (givingUp != null) {
      return giveUp(cell.name, "gave up: " + givingUp + " (the last time " + stuck.why() + ")");
    }
    getContext().getLog().warn("Plugin '{}' is {}; calls skip that instance, a fresh one takes its calls", cell.name, stuck.why());
    rebuild(); // spawns the fresh instance
    return this;
  }

  private Behavior<Command> onChildGone(ActorRef<Void> ref, String cause) {
    PluginCell gone = cellsByActor.remove(ref);
    if (gone != null) {
      directory.stopped(gone);
    }
    if (stopping.remove(ref) || gone == null) {
      return this;
    }
    return giveUp(gone.name, "supervisor gave up after too many failures: " + cause);
  }

  /** Takes the plugin out of the chain at once and has the registry mark it failed for {@code reason}. */
  private Behavior<Command> giveUp(String plugin, String reason) {
    givenUp.add(plugin);
    cells.remove(plugin);
    rebuild();
    return markFailed(new RetryMarkFailed(plugin, reason));
  }

  private Behavior<Command> markFailed(RetryMarkFailed mark) {
    if (givenUp.contains(mark.plugin())) {
      registry.tell(new Registry.Change(Operation.MARK_FAILED, Target.plugin(mark.plugin()), mark.reason(), node,
          getContext().getSystem().ignoreRef()));
      getContext().scheduleOnce(retryInterval, getContext().getSelf(), mark);
    }
    return this;
  }
}
