package io.arbor.runtime.chain;

import io.arbor.plugin.EventType;
import io.arbor.plugin.Health;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Settings;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.store.PluginStores;
import io.arbor.runtime.registry.ChainOrder;
import io.arbor.runtime.registry.Pause;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
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
 *
 * <p>A running plugin whose installed code changes (an upgrade) is handed over without a gap: the new
 * version's actor starts beside the old one and passes its health check, then the chain switches to
 * it in one step; the old actor serves every call that started on a chain holding it, and stops once
 * they have all ended. The node that installs an artifact has its actors {@link Prepare}d before the
 * install is journaled, so a version that fails to start changes nothing.
 */
public final class EventSupervisor extends AbstractBehavior<EventSupervisor.Command> {

  public sealed interface Command {}

  /** What the supervisor needs besides its event; the same for every event of the node. */
  public record Setup(
      PluginCatalog catalog, ChainDirectory directory, RecipientRef<Registry.Command> registry,
      ActorRef<RegistryView.Command> view, String node, Duration retryInterval, Map<String, String> pluginDispatchers,
      int maxStuckThreads, Function<Plugin<?>, CompletionStage<Health>> healthCheck, Duration drainTimeout, PluginStores stores) {}

  /** Rebuild the chain from the registry as last seen (new plugin code arrived); {@code replyTo} hears when done. */
  public record Refresh(ActorRef<Done> replyTo) implements Command {}

  /**
   * Start actors for installed code ({@code origin}: its artifact's SHA-256) before it is journaled,
   * outside the chain; the reply says whether each started and passed its health check. Those that
   * did take their place in the chain once the registry has them; {@link Unprepare} stops them.
   */
  public record Prepare(List<PluginDefinition<?>> plugins, String origin, ActorRef<Prepared> replyTo) implements Command {}

  /** What a {@link Prepare} found: null when every actor started healthy, else what failed. */
  public record Prepared(String failure) {}

  /** The prepared actors of {@code origin} will not be needed (the install was refused): stop them. */
  public record Unprepare(String origin) implements Command {}

  private record Apply(RegistryView.Update update) implements Command {}

  /** A new version's actor tried to start and its health was checked: null when it is ready, else why not. */
  private record Checked(PluginCell cell, String failure) implements Command {}

  /** Look whether the calls of superseded chains have ended, to stop the actors handed over. */
  private enum DrainTick implements Command {
    INSTANCE
  }

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
  private final Map<String, PluginCatalog.Code> startedWith = new HashMap<>();
  /** New versions' actors, by plugin name, started outside the chain: prepared, or for a hand-over. */
  private final Map<String, Pending> pending = new HashMap<>();
  /** Prepare requests waiting for their actors' checks. */
  private final List<Preparation> preparations = new ArrayList<>();
  /** Chains replaced while calls may still run on them, with when they were replaced. */
  private final List<Superseded> superseded = new ArrayList<>();
  /** Old versions' actors, out of the chain, serving the calls of superseded chains until these end. */
  private final Set<PluginCell> handedOver = new HashSet<>();
  private boolean drainTickScheduled;
  private final Function<Plugin<?>, CompletionStage<Health>> healthCheck;
  private final Duration drainTimeout;
  private final PluginStores stores;
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

  /** A new version's actor outside the chain; {@code failure} is null while it starts or once it is ready. */
  private static final class Pending {
    final PluginCell cell;
    final PluginCatalog.Code code;
    /** Started by a {@link Prepare}: only its {@link Unprepare} or the chain taking it ends it. */
    final boolean prepared;
    boolean ready;
    String failure;

    Pending(PluginCell cell, PluginCatalog.Code code, boolean prepared) {
      this.cell = cell;
      this.code = code;
      this.prepared = prepared;
    }

    boolean checked() {
      return ready || failure != null;
    }
  }

  private record Preparation(List<Pending> actors, ActorRef<Prepared> replyTo) {}

  private record Superseded(ChainSnapshot chain, long atNanos) {}

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
    this.healthCheck = setup.healthCheck();
    this.drainTimeout = setup.drainTimeout();
    this.stores = setup.stores();
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
        .onMessage(Prepare.class, this::onPrepare)
        .onMessage(Unprepare.class, this::onUnprepare)
        .onMessage(Checked.class, this::onChecked)
        .onMessageEquals(DrainTick.INSTANCE, this::onDrainTick)
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
    boolean switchNow = candidatesReady(records);
    Map<String, PluginCell> next = new LinkedHashMap<>();
    List<String> notLoaded = new ArrayList<>();
    for (PluginDescriptor descriptor : ChainOrder.order(eligible)) {
      String name = descriptor.name();
      PluginRecord record = records.get(name);
      String origin = record.installed() ? record.artifact().sha256() : null;
      PluginCell cell = cells.get(name);
      Optional<PluginCatalog.Code> code = codeFor(name, origin);
      if (code.isEmpty()) {
        if (cell != null && origin != null && catalog.unloadableReason(name, origin).isEmpty()
            && !Objects.equals(cell.origin, origin)) {
          next.put(name, cell); // its new version's code is on its way to this node: the old version serves meanwhile
        } else {
          notLoaded.add(name);
        }
        continue;
      }
      if (cell != null && origin != null && !code.get().equals(startedWith.get(name))) {
        next.put(name, switchNow ? handOver(cell, record, pending.remove(name)) : cell);
        continue;
      }
      if (cell != null && (!record.sameApartFromSettings(startedFrom.get(name)) || !code.get().equals(startedWith.get(name)))) {
        retire(cell); // restarted, re-declared or new application code: a fresh actor from the current record and code
        cell = null;
      }
      if (cell == null) {
        Pending candidate = pending.get(name);
        PluginCatalog.Code previous = startedWith.get(name);
        if (candidate != null && candidate.ready && candidate.code.equals(code.get()) && (candidate.prepared || switchNow)) {
          pending.remove(name);
          cell = candidate.cell; // started and checked: before the install was journaled, or for a hand-over
        } else if (candidate != null && !candidate.prepared && previous != null && !previous.equals(code.get())) {
          // Its actor went (stuck, gave up) in the middle of a hand-over: the old version goes on until the switch.
          next.put(name, spawn(record.runningDescriptor(), previous));
          startedFrom.put(name, record);
          continue;
        } else {
          cell = spawn(record.runningDescriptor(), code.get());
        }
        startedFrom.put(name, record);
        startedWith.put(name, code.get());
      }
      next.put(name, cell);
    }
    for (Map.Entry<String, PluginCell> entry : cells.entrySet()) {
      if (!next.containsKey(entry.getKey())) {
        retire(entry.getValue());
        startedFrom.remove(entry.getKey());
        startedWith.remove(entry.getKey());
      }
    }
    pending.values().removeIf(candidate -> {
      boolean unwanted = !candidate.prepared && !next.containsKey(candidate.cell.name);
      if (unwanted) {
        retire(candidate.cell);
      }
      return unwanted;
    });
    cells.clear();
    cells.putAll(next);
    reconfigure(records);
    ChainSnapshot chain = new ChainSnapshot(event.name(), event.stateType(), new ArrayList<>(next.values()), notLoaded,
        Pause.pauses(state, event.name()) ? (state.paused().contains(event.name()) ? ChainSnapshot.Paused.EVENT : ChainSnapshot.Paused.RUNTIME) : null,
        Pause.holds(state, event.name()));
    if (!chain.sameAs(published)) {
      published = chain;
      ChainSnapshot replaced = directory.publish(chain);
      if (replaced != null) {
        superseded.add(new Superseded(replaced, System.nanoTime()));
        scheduleDrainTick();
      }
    }
  }

  /**
   * Every running actor whose settings differ from its record's (a live configuration update, or a
   * new version started with its declared ones) is told to take the record's, between two calls.
   */
  private void reconfigure(Map<String, PluginRecord> records) {
    cells.forEach((name, cell) -> {
      PluginRecord record = records.get(name);
      if (!Objects.equals(cell.origin, record.installed() ? record.artifact().sha256() : null)) {
        return; // an old version serving until its successor switches in: the record's settings are the new version's
      }
      if (record.sameApartFromSettings(startedFrom.get(name))) {
        startedFrom.put(name, record);
      }
      Map<String, Object> settings = record.settings();
      if (!cell.settings().equals(settings)) {
        cell.reconfigure(settings);
      }
    });
  }

  /**
   * The code to run for a plugin whose record names {@code origin}: the catalog's, if it is that
   * version, else the running actor's, if it is; none when this node has not loaded it (or cannot).
   */
  private Optional<PluginCatalog.Code> codeFor(String name, String origin) {
    if (origin != null && catalog.unloadableReason(name, origin).isPresent()) {
      return Optional.empty();
    }
    Optional<PluginCatalog.Code> listed = catalog.code(name).filter(code -> Objects.equals(code.origin(), origin));
    if (listed.isPresent()) {
      return listed;
    }
    return Optional.ofNullable(startedWith.get(name)).filter(code -> Objects.equals(code.origin(), origin));
  }

  /**
   * Makes sure every running plugin whose installed code changed has its new version's actor
   * starting outside the chain, and says whether all of them are ready: the chain switches them
   * together, in one step, so that no call runs one plugin's new version and another's old one. A
   * version that fails its check is made unloadable, so it does not hold the others back.
   */
  private boolean candidatesReady(Map<String, PluginRecord> records) {
    boolean ready = true;
    for (PluginRecord record : records.values()) {
      String origin = record.installed() ? record.artifact().sha256() : null;
      Optional<PluginCatalog.Code> code = codeFor(record.name(), origin);
      if (!cells.containsKey(record.name()) || origin == null || code.isEmpty() || code.get().equals(startedWith.get(record.name()))) {
        continue;
      }
      Pending candidate = pending.get(record.name());
      if (candidate == null || !candidate.code.equals(code.get())) {
        if (candidate != null) {
          retire(candidate.cell);
        }
        candidate = startPending(code.get(), false);
        pending.put(record.name(), candidate);
      }
      ready &= candidate.ready; // not yet: its Checked rebuilds
    }
    return ready;
  }

  /**
   * The new version's actor, started and checked, takes the running one's place; the old actor serves
   * the calls already started on chains that hold it, and stops once they have ended.
   */
  private PluginCell handOver(PluginCell running, PluginRecord record, Pending candidate) {
    handedOver.add(running);
    startedFrom.put(record.name(), record);
    startedWith.put(record.name(), candidate.code);
    getContext().getLog().info("Plugin '{}' on event '{}' switched to {}; the old version finishes the calls it has",
        record.name(), event.name(), record.artifact().label());
    return candidate.cell;
  }

  /** Spawns an actor for new code outside the chain and checks it once it has tried to start. */
  private Pending startPending(PluginCatalog.Code code, boolean prepared) {
    PluginDescriptor declared = code.definition().descriptor();
    // An upgrade keeps the runtime override of the plugin's settings: the new version starts with it.
    PluginDescriptor descriptor = state.plugin(declared.name()).map(PluginRecord::settingsOverride)
        .map(override -> declared.withExtra(Settings.merge(declared.extra(), override)))
        .orElse(declared);
    PluginCell cell = spawn(descriptor, code);
    Pending candidate = new Pending(cell, code, prepared);
    CompletionStage<String> check = cell.whenStartTried().thenCompose(started -> {
      Plugin<?> instance = cell.instance();
      if (instance == null) {
        return CompletableFuture.completedFuture("it failed to start (see the log)");
      }
      return healthCheck.apply(instance).thenApply(health -> health.status() != Health.Status.UNHEALTHY ? null : "its health check failed: " + health.detail());
    });
    getContext().pipeToSelf(check, (failure, error) -> new Checked(cell, error != null ? "its health check failed: " + error : failure));
    return candidate;
  }

  private Behavior<Command> onPrepare(Prepare prepare) {
    List<Pending> actors = new ArrayList<>();
    for (PluginDefinition<?> definition : prepare.plugins()) {
      Pending previous = pending.remove(definition.name());
      if (previous != null) {
        retire(previous.cell);
      }
      Pending candidate = startPending(new PluginCatalog.Code(definition, prepare.origin()), true);
      pending.put(definition.name(), candidate);
      actors.add(candidate);
    }
    preparations.add(new Preparation(actors, prepare.replyTo()));
    answerPreparations();
    return this;
  }

  private Behavior<Command> onUnprepare(Unprepare unprepare) {
    pending.values().removeIf(candidate -> {
      boolean unwanted = candidate.prepared && Objects.equals(candidate.code.origin(), unprepare.origin());
      if (unwanted) {
        retire(candidate.cell);
      }
      return unwanted;
    });
    // A preparation still waiting (its asker gave up) would otherwise hold the artifact's code forever.
    preparations.removeIf(preparation -> {
      boolean ofOrigin = preparation.actors().stream().anyMatch(candidate -> Objects.equals(candidate.code.origin(), unprepare.origin()));
      if (ofOrigin) {
        preparation.replyTo().tell(new Prepared("the install was abandoned"));
      }
      return ofOrigin;
    });
    return this;
  }

  private Behavior<Command> onChecked(Checked checked) {
    Pending candidate = pending.values().stream().filter(waiting -> waiting.cell == checked.cell()).findFirst().orElse(null);
    if (candidate == null) {
      return this; // replaced or unprepared meanwhile
    }
    if (checked.failure() == null) {
      candidate.ready = true;
    } else {
      candidate.failure = checked.failure();
      pending.remove(candidate.cell.name);
      retire(candidate.cell);
      if (!candidate.prepared) {
        catalog.unloadable(candidate.cell.name, candidate.code.origin(), "its new version " + checked.failure());
        getContext().getLog().warn("Plugin '{}' on event '{}': its new version {}; it is left out of the chain on this node",
            candidate.cell.name, event.name(), checked.failure());
      }
    }
    answerPreparations();
    if (!candidate.prepared) {
      rebuild();
    }
    return this;
  }

  private void answerPreparations() {
    preparations.removeIf(preparation -> {
      if (!preparation.actors().stream().allMatch(Pending::checked)) {
        return false;
      }
      List<String> failures = preparation.actors().stream().filter(candidate -> candidate.failure != null)
          .map(candidate -> "plugin '" + candidate.cell.name + "': " + candidate.failure).toList();
      if (!failures.isEmpty()) {
        preparation.actors().forEach(candidate -> {
          if (pending.remove(candidate.cell.name, candidate)) {
            retire(candidate.cell);
          }
        });
      }
      preparation.replyTo().tell(new Prepared(failures.isEmpty() ? null : String.join("; ", failures)));
      return true;
    });
  }

  private void scheduleDrainTick() {
    if (!drainTickScheduled) {
      drainTickScheduled = true;
      getContext().scheduleOnce(Duration.ofMillis(10), getContext().getSelf(), DrainTick.INSTANCE);
    }
  }

  /**
   * Forgets the superseded chains whose calls have all ended (or that are older than the drain
   * timeout: a call cannot outlive its plugins' timeouts by that much), and stops each handed-over
   * actor that no remaining one holds.
   */
  private Behavior<Command> onDrainTick() {
    drainTickScheduled = false;
    long now = System.nanoTime();
    superseded.removeIf(old -> {
      if (old.chain().drained()) {
        return true;
      }
      boolean expired = now - old.atNanos() > drainTimeout.toNanos();
      if (expired && handedOver.stream().anyMatch(old.chain()::contains)) {
        getContext().getLog().warn("Calls on event '{}' started before an upgrade still run after {} ms; the old version stops anyway",
            event.name(), drainTimeout.toMillis());
      }
      return expired;
    });
    handedOver.removeIf(cell -> {
      boolean idle = superseded.stream().noneMatch(old -> old.chain().contains(cell));
      if (idle) {
        retire(cell);
      }
      return idle;
    });
    if (!superseded.isEmpty()) {
      scheduleDrainTick();
    }
    return this;
  }

  /** Stops a plugin actor on purpose; calls still queued for it skip the plugin as unavailable. */
  private void retire(PluginCell cell) {
    stopping.add(cell.ref());
    getContext().stop(cell.ref());
  }

  private PluginCell spawn(PluginDescriptor descriptor, PluginCatalog.Code code) {
    PluginCell cell = new PluginCell(descriptor, code.origin(), getContext().getSelf());
    String actorName = URLEncoder.encode(descriptor.name(), StandardCharsets.UTF_8) + "-" + (++incarnation);
    String dispatcher = pluginDispatchers.get(descriptor.name());
    Props props = dispatcher == null
        ? pluginProps
        : Props.empty().withDispatcherFromConfig(dispatcher).withMailboxFromConfig("arbor.plugin-mailbox");
    ActorRef<PluginActor.Command> ref = getContext().spawn(PluginActor.create(cell, code.definition(), stores), actorName, props);
    cell.bind(ref);
    // Visible to the watchdog at once, even if no dispatcher thread is free to run the new actor yet.
    PluginMailbox.of(Adapter.toClassic(ref)).ifPresent(cell::attachMailbox);
    getContext().watch(ref);
    cellsByActor.put(ref, cell);
    directory.started(cell);
    catalog.actorStarted(code.origin());
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
      gone.retireMeter();
      catalog.actorStopped(gone.origin);
    }
    if (stopping.remove(ref) || gone == null) {
      return this;
    }
    if (handedOver.remove(gone)) {
      return this; // an old version, out of the chain: the calls it still had skip it as unavailable
    }
    Optional<Pending> candidate = pending.values().stream().filter(waiting -> waiting.cell == gone).findFirst();
    if (candidate.isPresent()) {
      return onChecked(new Checked(gone, "its actor stopped: " + cause)); // a new version that gave up while starting
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
