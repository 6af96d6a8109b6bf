package io.arbor.runtime;

import static io.arbor.runtime.InvalidArgumentException.requireNonNull;
import static io.arbor.runtime.Stages.await;
import static io.arbor.runtime.Stages.unwrap;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.chain.CallGateway;
import io.arbor.runtime.chain.CallObserver;
import io.arbor.runtime.chain.CallerFuture;
import io.arbor.runtime.chain.CallOptions;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.chain.ChainDirectory;
import io.arbor.runtime.chain.ChainSnapshot;
import io.arbor.runtime.chain.Drain;
import io.arbor.runtime.chain.Watchdog;
import io.arbor.runtime.cluster.MemberViews;
import io.arbor.runtime.cluster.MembersLaggingException;
import io.arbor.runtime.health.EventHealth;
import io.arbor.runtime.health.HealthChecks;
import io.arbor.runtime.health.HealthReport;
import io.arbor.runtime.health.NodeHealth;
import io.arbor.runtime.health.NodeInfo;
import io.arbor.runtime.health.NodeStatus;
import io.arbor.runtime.health.StatusTracker;
import io.arbor.runtime.health.PluginHealth;
import io.arbor.runtime.install.InstallException;
import io.arbor.runtime.install.InstallRequest;
import io.arbor.runtime.install.Installer;
import io.arbor.runtime.store.PluginStores;
import io.arbor.runtime.registry.Installation;
import io.arbor.runtime.registry.AppliedVersion;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.LifecycleListener;
import io.arbor.runtime.registry.LocalRegistry;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.Pause;
import io.arbor.runtime.registry.PauseMode;
import io.arbor.runtime.registry.RegistryUnavailableException;
import io.arbor.runtime.registry.RegistryView;
import io.arbor.runtime.registry.Target;
import io.arbor.runtime.persistence.JournalDatabase;
import io.arbor.runtime.persistence.PersistenceConfig;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryJournal;
import io.arbor.runtime.registry.RegistryClient;
import io.arbor.runtime.registry.RegistryState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Arbor runtime, embedded in an application: declare events, register plugins, call events, and
 * manage plugins' lifecycle. Create one with {@link #builder()}; it attaches to the application's
 * ActorSystem or creates its own.
 *
 * <pre>{@code
 * try (Arbor arbor = Arbor.builder().event(AFTER_LOGIN).plugin(definition).start()) {
 *   CallResult<Login> result = arbor.call(AFTER_LOGIN, login).toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> Every method here and in the {@link Builder} refuses a null or invalid argument by
 * throwing {@link InvalidArgumentException} (code {@code invalid_argument}, {@link
 * InvalidArgumentException#argument()} naming the parameter) at the call, before anything is sent,
 * also the methods that return a {@code CompletionStage}. Everything else fails the returned stage
 * with an {@link ArborException} whose {@code code()} says what went wrong, a call's null or
 * wrong-typed state included ({@code invalid_state}). A plugin or event name that no plugin or event
 * could have is not refused: it is simply not found, like any unknown name. docs/getting-started.md
 * lists every error code.
 */
public final class Arbor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Arbor.class);

  private final ActorSystem<?> system;
  private final boolean ownsSystem;
  private final ArborSettings settings;
  private final JournalDatabase database;
  private final PluginCatalog catalog = new PluginCatalog();
  private final ChainDirectory directory;
  private final Watchdog watchdog;
  private final ActorRef<ArborGuardian.Command> guardian;
  private final ActorRef<Registry.Command> registry;
  private final ActorRef<CallGateway.Command> gateway;
  private final RegistryClient client;
  /** Reads: this node's view of the registry, not its writer. */
  private final LocalRegistry local;
  private final Executor executor;
  /** Where callers' continuations run: never on an Arbor actor or the plugin dispatcher. */
  private final Executor callers;
  private final RegistryJournal journal;
  private final NodeHealth health;
  /** The registry version this node's chains reflect: acknowledgements wait on it. */
  private final AppliedVersion applied = new AppliedVersion();
  private final MemberViews members;
  private final Registration registration;
  private final LiveConfiguration configuration;
  private final Set<ActorRef<LifecycleListener.Command>> listeners = ConcurrentHashMap.newKeySet();
  private final Set<Consumer<InstallOutcome>> installListeners = ConcurrentHashMap.newKeySet();
  private final InstalledCode installed;
  private final StatusTracker status = new StatusTracker(Clock.systemUTC());
  private final Installer installer;
  private static final AtomicLong LISTENERS = new AtomicLong();

  /**
   * Arbor's parts, with its actors spawned; {@link Boot} runs the rest of the start.
   *
   * @param application the parent of installed artifacts' class loaders
   * @param events the events the builder declares: installed plugins are checked against them from the first moment
   */
  Arbor(ActorSystem<?> system, boolean ownsSystem, ArborSettings settings, JournalDatabase database, ClassLoader application,
      List<EventType<?>> events) {
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.database = database;
    this.settings = settings;
    this.executor = system.executionContext();
    this.callers = system.dispatchers().lookup(DispatcherSelector.fromConfig("arbor.caller-dispatcher"));
    this.directory = new ChainDirectory(callers, settings.holdLimit(), settings.holdTimeout());
    this.journal = new RegistryJournal(system, settings.registry());
    this.members = new MemberViews(system, executor);
    this.watchdog = new Watchdog(directory, settings.watchdogTick(), settings.pluginQueueLimit(), executor);
    this.installed = new InstalledCode(settings, system, catalog, application, events);
    this.guardian = system.systemActorOf(ArborGuardian.create(settings, catalog, directory, applied, installed.artifacts(),
        new PluginStores(system, settings.store())), "arbor",
        Props.empty());
    try {
      ArborGuardian.Refs refs = await(ask(guardian, ArborGuardian.GetRefs::new, RegistryUnavailableException::new), settings.startupTimeout());
      this.registry = refs.registry();
      this.gateway = refs.gateway();
      this.client = new RegistryClient(registry, settings.node(), settings.askTimeout(), system.scheduler(), executor,
          applied::await,
          version -> settings.acknowledgeOnAllMembers() ? members.awaitApplied(version, settings.membersWait())
              : CompletableFuture.completedFuture(null),
          () -> directory.isClosed() ? directory.closedError("the operation") : null);
      this.local = new LocalRegistry(refs.view(), settings.askTimeout(), system.scheduler(),
          () -> directory.isClosed() ? directory.closedError("the query") : null);
      this.health = new NodeHealth(local, directory, catalog,
          new HealthChecks(system.dispatchers().lookup(DispatcherSelector.blocking()), settings.healthTimeout()), executor);
      this.registration = new Registration(catalog, client, this::refresh, executor);
      this.installer = installed.installer(local, client, guardian);
      this.configuration = new LiveConfiguration(catalog, local, client, system.dispatchers().lookup(DispatcherSelector.blocking()));
    } catch (RuntimeException e) {
      watchdog.close(); // no Arbor to close it later
      guardian.tell(new ArborGuardian.Shutdown(system.ignoreRef()));
      throw e;
    }
  }

  /**
   * The Arbor running on {@code system}, for code that holds the system but not the Arbor (health
   * checks, the admin API); throws {@link ArborNotStartedException} when none has finished starting
   * there, or it was closed. One ActorSystem runs at most one Arbor.
   */
  public static Arbor of(ActorSystem<?> system) {
    return ArborExtension.get(requireNonNull("system", system)).arbor();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The configuration Arbor needs: {@code overrides} over the application's and the libraries'
   * defaults, with the database driver filled in from {@code arbor.persistence.url}. Use it when you
   * create the ActorSystem Arbor will attach to.
   */
  public static Config configuration(Config overrides) {
    requireNonNull("overrides", overrides);
    // load(Config) alone would skip application.conf; keep it under the overrides.
    return PersistenceConfig.complete(ConfigFactory.load(overrides.withFallback(ConfigFactory.defaultApplication())));
  }

  // ---- calls -------------------------------------------------------------------------------

  /** Call an event: the state passes through its active plugins in order. */
  public <S> CompletionStage<CallResult<S>> call(EventType<S> event, S state) {
    return call(event, state, CallOptions.DEFAULT);
  }

  public <S> CompletionStage<CallResult<S>> call(EventType<S> event, S state, CallOptions options) {
    requireNonNull("event", event);
    requireNonNull("options", options);
    return directory.call(event.name(), state, options);
  }

  /** Call an event by name, for code that does not hold its {@link EventType}. */
  public CompletionStage<CallResult<Object>> call(String event, Object state, CallOptions options) {
    requireNonNull("event", event);
    requireNonNull("options", options);
    return directory.call(event, state, options);
  }

  /** Where actors send {@link CallGateway.Call} messages. */
  public ActorRef<CallGateway.Command> callGateway() {
    return gateway;
  }

  // ---- events and plugins ------------------------------------------------------------------

  /** Declare an event so it can be called; declaring it again with the same state type is a no-op. */
  public CompletionStage<Void> declare(EventType<?> event) {
    requireNonNull("event", event);
    installed.declared(event);
    return forCaller(ask(guardian, (ActorRef<ArborGuardian.DeclareReply> replyTo) -> new ArborGuardian.DeclareEvent(event, replyTo),
            RegistryUnavailableException::new)
        .thenComposeAsync(reply -> reply.error() != null
            ? CompletableFuture.failedFuture(reply.error())
            : firstChainOf(event.name()), executor));
  }

  /** Completes once a declared event's supervisor has built its first chain; fails with ChainsLaggingException after ask-timeout. */
  private CompletionStage<Void> firstChainOf(String event) {
    return directory.firstChain(event)
        .orTimeout(settings.askTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(error -> client.currentVersion().thenCompose(version ->
            CompletableFuture.failedFuture(client.chainsLagging(version))));
  }

  /**
   * Register a plugin's code on this node and its descriptor in the registry (an upsert by name), and
   * start it if it is new. Completes once the plugin's chain reflects it.
   */
  public CompletionStage<PluginRecord> register(PluginDefinition<?> definition) {
    return forCaller(registration.register(requireNonNull("definition", definition)));
  }

  public <S> CompletionStage<PluginRecord> register(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
    return register(definition(descriptor, factory));
  }

  /** Apply a lifecycle operation to a plugin, an event's plugins or all plugins; completes with the plugins touched. */
  public CompletionStage<List<PluginRecord>> apply(Operation operation, Target target) {
    return apply(operation, target, null);
  }

  CompletionStage<List<PluginRecord>> apply(Operation operation, Target target, String origin) {
    return forCaller(client.operate(operation, target, origin));
  }

  /**
   * The operator's operations with where they come from: {@code origin} ({@code admin API,
   * 10.0.0.7}, say) is journaled in each change's reason and shown in the history.
   */
  public Operator operator(String origin) {
    return new Operator(this, requireNonNull("origin", origin));
  }

  public CompletionStage<PluginRecord> start(String plugin) {
    return operate(Operation.START, plugin);
  }

  public CompletionStage<PluginRecord> restart(String plugin) {
    return operate(Operation.RESTART, plugin);
  }

  public CompletionStage<PluginRecord> stop(String plugin) {
    return operate(Operation.STOP, plugin);
  }

  public CompletionStage<PluginRecord> enable(String plugin) {
    return operate(Operation.ENABLE, plugin);
  }

  /** Remove a plugin from the registry; completes with its last record. */
  public CompletionStage<PluginRecord> unregister(String plugin) {
    return operate(Operation.UNREGISTER, plugin);
  }

  // ---- live configuration ----------------------------------------------------------------------

  /**
   * Update a plugin's settings while it runs, on every node: {@code update} is merged over its
   * current settings ({@link Plugin#mergeSettings}, by default the deep merge of {@link
   * io.arbor.plugin.Settings#merge}) and validated ({@link Plugin#validateSettings}) by a fresh instance
   * of the plugin on this node; then journaled as the plugin's runtime override, which a
   * re-registration from code keeps. Each node's instance takes the new settings between two calls
   * through {@link Plugin#configure}, or restarts with them. Completes with the plugin's record once
   * this node's chains reflect it; a refusal ({@link SettingsRefusedException}, code {@code
   * settings_refused}) changes nothing anywhere. Shown as {@code CONFIGURED} in the history.
   */
  public CompletionStage<PluginRecord> configure(String plugin, Map<String, Object> update) {
    return configure(plugin, update, null);
  }

  CompletionStage<PluginRecord> configure(String plugin, Map<String, Object> update, String origin) {
    requireNonNull("plugin", plugin);
    requireNonNull("update", update);
    return forCaller(configuration.configure(plugin, null, update, origin).thenApply(records -> records.get(0)));
  }

  /** {@link #configure(String, Map)} for every plugin of an event at once: all of them validate and change, or none. */
  public CompletionStage<List<PluginRecord>> configureEvent(String event, Map<String, Object> update) {
    return configureEvent(event, update, null);
  }

  CompletionStage<List<PluginRecord>> configureEvent(String event, Map<String, Object> update, String origin) {
    requireNonNull("event", event);
    requireNonNull("update", update);
    return forCaller(configuration.configure(null, event, update, origin));
  }

  /** Drop a plugin's runtime override, on every node: it runs with the settings declared in code again. */
  public CompletionStage<PluginRecord> resetSettings(String plugin) {
    return resetSettings(plugin, null);
  }

  CompletionStage<PluginRecord> resetSettings(String plugin, String origin) {
    return forCaller(configuration.reset(requireNonNull("plugin", plugin), origin));
  }

  // ---- admission -----------------------------------------------------------------------------

  /**
   * Pause calls to an event, on every node: from the moment this completes, each call to it is
   * refused at once with {@code PausedException} (code {@code paused}), and no plugin runs, or held
   * until the resume when its configured mode is hold ({@code arbor.pause.events}, else {@code
   * arbor.pause.mode}); calls already running finish. Journaled: the pause survives restarts.
   * Pausing a paused event the same way does nothing.
   */
  public CompletionStage<Void> pause(String event) {
    return pause(event, pauseModeOf(event));
  }

  /** The mode a pause of {@code event} takes when none is given: {@code arbor.pause.events}, else {@code arbor.pause.mode}. */
  PauseMode pauseModeOf(String event) {
    return settings.pauseModes().getOrDefault(requireNonNull("event", event), settings.pauseMode());
  }

  PauseMode pauseMode() {
    return settings.pauseMode();
  }

  /** Pause calls to an event, refusing them or holding them until the resume ({@link PauseMode}). */
  public CompletionStage<Void> pause(String event, PauseMode mode) {
    return pause(event, mode, null);
  }

  CompletionStage<Void> pause(String event, PauseMode mode, String origin) {
    requireNonNull("mode", mode);
    return forCaller(client.setPaused(requireNonNull("event", event), true, mode == PauseMode.HOLD, origin));
  }

  /** Let calls to a paused event through again, on every node. */
  public CompletionStage<Void> resume(String event) {
    return resume(event, null);
  }

  CompletionStage<Void> resume(String event, String origin) {
    return forCaller(client.setPaused(requireNonNull("event", event), false, false, origin));
  }

  /**
   * Drain this node before it stops: from now on it admits no new call (each is refused with {@code
   * DrainingException}, code {@code draining}), and the stage completes once every call already
   * running has ended, or after {@code arbor.drain-timeout}. Arbor drains by itself in Pekko's
   * CoordinatedShutdown (phase service-requests-done: a node leaving the cluster or receiving SIGTERM)
   * and in {@link #close}. There is no undrain: a drained node is on its way out.
   */
  public CompletionStage<Void> drain() {
    return drain(null);
  }

  CompletionStage<Void> drain(String origin) {
    requireOpen("drain");
    return forCaller(drainFor(origin == null ? "drained by the application" : "drained by the operator (" + origin + ")"));
  }

  private CompletableFuture<Void> drainFor(String reason) {
    status.moveTo(NodeStatus.DRAINING, reason);
    return Drain.of(directory, settings.drainTimeout(), system.scheduler(), system.executionContext());
  }

  /** The drain of CoordinatedShutdown: done at once when Arbor is closed already. */
  CompletionStage<Done> drainForShutdown() {
    if (directory.isClosed()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return drainFor("the node is shutting down (" + CoordinatedShutdown.get(system).getShutdownReason()
        .map(Object::toString).orElse("CoordinatedShutdown") + ")").thenApply(done -> Done.getInstance());
  }

  /** Pause calls to every event, on every node (events paused one by one stay paused after {@link #resumeAll}). */
  public CompletionStage<Void> pauseAll() {
    return pauseAll(settings.pauseMode());
  }

  /** Pause calls to every event, refusing them or holding them until the resume. */
  public CompletionStage<Void> pauseAll(PauseMode mode) {
    return pauseAll(mode, null);
  }

  CompletionStage<Void> pauseAll(PauseMode mode, String origin) {
    requireNonNull("mode", mode);
    return forCaller(client.setPaused(Pause.ALL, true, mode == PauseMode.HOLD, origin));
  }

  /** End the pause of the whole runtime. */
  public CompletionStage<Void> resumeAll() {
    return resumeAll(null);
  }

  CompletionStage<Void> resumeAll(String origin) {
    return forCaller(client.setPaused(Pause.ALL, false, false, origin));
  }

  // ---- installed artifacts -----------------------------------------------------------------

  /**
   * Install a plugin JAR, or upgrade an installed one to a strictly newer version, on every node: see
   * docs/installing-plugins.md. Completes, once journaled and this node's chains run the new plugins,
   * with what was installed; a refusal ({@link InstallException}, or a {@code LifecycleException}
   * {@code install_conflict} or {@code plugin_conflict} when another install landed first) leaves
   * nothing behind.
   */
  public CompletionStage<Installation> install(InstallRequest request) {
    return install(request, null);
  }

  CompletionStage<Installation> install(InstallRequest request, String origin) {
    requireNonNull("request", request);
    requireOpen("install");
    return forCaller(reported("install", installer.install(request, origin)));
  }

  /** Remove an installed artifact: its plugins unregistered (with their cascade), its code and bytes removed; completes with what it was. */
  public CompletionStage<Installation> uninstall(String name) {
    return uninstall(name, null);
  }

  CompletionStage<Installation> uninstall(String name, String origin) {
    requireNonNull("name", name);
    requireOpen("uninstall");
    return forCaller(reported("uninstall", installer.uninstall(name, origin)));
  }

  /** Call {@code listener} with how each install and uninstall run through this node ended, until the handle is closed. */
  public AutoCloseable onInstallOutcome(Consumer<InstallOutcome> listener) {
    requireNonNull("listener", listener);
    installListeners.add(listener);
    return () -> installListeners.remove(listener);
  }

  private CompletionStage<Installation> reported(String operation, CompletionStage<Installation> running) {
    long started = System.nanoTime();
    return running.whenComplete((done, error) -> {
      Throwable cause = error == null ? null : unwrap(error);
      InstallOutcome outcome = new InstallOutcome(operation, done == null ? null : done.name() + "-" + done.version(),
          cause == null ? null : cause instanceof ArborException known ? known.code() : "internal_error",
          Duration.ofNanos(System.nanoTime() - started));
      installListeners.forEach(listener -> {
        try {
          listener.accept(outcome);
        } catch (RuntimeException e) {
          log.warn("An install listener failed on {}", outcome, e);
        }
      });
    });
  }

  /**
   * Report every plugin hop and every call on this node's chains to {@code observer} from the next
   * call on, in place of the current one, which it returns ({@link CallObserver#NONE} when there was
   * none). Metrics: {@code io.arbor.runtime.metrics.ArborMetrics}.
   */
  public CallObserver observeCalls(CallObserver observer) {
    return directory.observe(requireNonNull("observer", observer));
  }

  /** Stop reporting to {@code observer}, unless another has replaced it already. */
  public void stopObservingCalls(CallObserver observer) {
    directory.unobserve(requireNonNull("observer", observer));
  }

  /** The installed artifacts, by name, as this node's view of the registry holds them. */
  public CompletionStage<SortedMap<String, Installation>> installations() {
    return forCaller(local.state().thenApply(RegistryState::installations));
  }

  // ---- queries -----------------------------------------------------------------------------

  /**
   * The registry as this node's view holds it: every change this node acknowledged, and the changes
   * made through other nodes once they reached this one (milliseconds; {@link #awaitMembers} waits for
   * them). Reads never go to the registry's writer, so they answer while it is away.
   */
  public CompletionStage<RegistryState> registryState() {
    return forCaller(local.state());
  }

  public CompletionStage<List<PluginRecord>> plugins() {
    return forCaller(local.state().thenApply(state -> List.copyOf(state.plugins().values())));
  }

  public CompletionStage<List<PluginRecord>> plugins(String event) {
    requireNonNull("event", event);
    return forCaller(local.state().thenApply(state -> state.pluginsOf(event)));
  }

  public CompletionStage<Optional<PluginRecord>> plugin(String name) {
    requireNonNull("name", name);
    return forCaller(local.state().thenApply(state -> state.plugin(name)));
  }

  /** Every event that has plugins in the registry. */
  public CompletionStage<SortedSet<String>> events() {
    return forCaller(local.state().thenApply(RegistryState::events));
  }

  /**
   * Whether this node is caught up: its view has every change it knows of (it is not repairing a gap
   * or a cold start) and its chains reflect them all. A lost notification is noticed at the next one,
   * or at the view's reconciliation ({@code arbor.registry.view.reconcile-interval}).
   */
  public CompletionStage<Boolean> registryCaughtUp() {
    return forCaller(local.caughtUp());
  }

  /** Every lifecycle change ever journaled (the activity history), oldest first. */
  public CompletionStage<List<LifecycleChange>> history() {
    if (directory.isClosed()) {
      return CompletableFuture.failedFuture(directory.closedError("the history"));
    }
    return forCaller(journal.history());
  }

  /** One plugin's activity history, oldest first. */
  public CompletionStage<List<LifecycleChange>> history(String plugin) {
    requireNonNull("plugin", plugin);
    return history().thenApply(changes -> changes.stream().filter(change -> plugin.equals(change.plugin())).toList());
  }

  /**
   * Subscribe an actor to the lifecycle stream: every journaled change, as it happens. It is Pekko's
   * event stream, so {@code EventStream.Unsubscribe} ends the subscription.
   */
  public void subscribe(ActorRef<LifecycleChange> subscriber) {
    // Pekko's event-stream adapter would stop on a null, and with it every subscription of the system.
    requireNonNull("subscriber", subscriber);
    requireOpen("subscribe");
    system.eventStream().tell(new EventStream.Subscribe<>(LifecycleChange.class, subscriber));
  }

  /** Call {@code listener} with every lifecycle change, one at a time, until the returned handle is closed. */
  public AutoCloseable onLifecycleChange(Consumer<LifecycleChange> listener) {
    requireNonNull("listener", listener);
    requireOpen("onLifecycleChange");
    ActorRef<LifecycleListener.Command> actor = system.systemActorOf(
        LifecycleListener.create(listener), "arbor-lifecycle-listener-" + LISTENERS.incrementAndGet(), Props.empty());
    listeners.add(actor);
    return () -> {
      listeners.remove(actor);
      actor.tell(new LifecycleListener.Stop());
    };
  }

  /**
   * Every declared event's health on this node, with each plugin's health check, and the registered
   * plugins whose event is not declared here.
   */
  public CompletionStage<HealthReport> health() {
    return forCaller(health.report());
  }

  /** One declared event's health on this node; fails with unknown_event, like a call, for any other name. */
  public CompletionStage<EventHealth> health(String event) {
    return forCaller(health.event(requireNonNull("event", event)));
  }

  /** One plugin's health on this node; fails with plugin_not_found for an unknown plugin. */
  public CompletionStage<PluginHealth> pluginHealth(String plugin) {
    return forCaller(health.plugin(requireNonNull("plugin", plugin)));
  }

  /**
   * This node at a glance, as Malla's service info: its status ({@link NodeStatus}: starting,
   * running, paused, draining, stopping, failed) with when and why it last changed, the last error,
   * how many plugins are in each status, and the registry version its chains reflect. Answers even
   * once Arbor is closed or failed.
   */
  public CompletionStage<NodeInfo> info() {
    return forCaller(health.info(status, settings.node(), applied.current()));
  }

  /** The registry version this node's chains reflect now; -1 until the first chains are built. */
  public long appliedVersion() {
    return applied.current();
  }

  /**
   * Each reachable member's registry version: the version its view holds and the version its chains
   * reflect (on a single node, this node's alone), ordered by address.
   */
  public CompletionStage<List<RegistryView.Version>> memberVersions() {
    return forCaller(members.versions(settings.askTimeout()));
  }

  /**
   * Completes once every reachable member's chains reflect registry version {@code version} (for
   * example the version of {@link #registryState()} after a change); fails with {@link
   * MembersLaggingException} naming the members that had not within {@code arbor.registry.members-wait}.
   */
  public CompletionStage<Void> awaitMembers(long version) {
    return forCaller(members.awaitApplied(version, settings.membersWait()));
  }

  /** This node's current chain for a declared event: the plugins a call runs now, in order. */
  public Optional<ChainSnapshot> chain(String event) {
    requireNonNull("event", event);
    return Optional.ofNullable(directory.chain(event));
  }

  /** Registered plugins whose code is not on this node (they are left out of their chains). */
  public CompletionStage<List<String>> missingCode() {
    return forCaller(health.missingCode());
  }

  public ActorSystem<?> system() {
    return system;
  }

  /** The plugin code on this node, for tests. */
  PluginCatalog catalog() {
    return catalog;
  }

  /** The registry's writer, for tests that need to write what the public API never would. */
  ActorRef<Registry.Command> registryRef() {
    return registry;
  }

  /** Drains this node ({@link #drain}), then stops Arbor's actors, and the ActorSystem if Arbor created it. */
  @Override
  public void close() {
    if (!directory.isClosed()) {
      try {
        drainFor("Arbor is closing").get(settings.drainTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        log.warn("The drain before closing did not end: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    status.moveTo(NodeStatus.STOPPING, "Arbor was closed");
    directory.close("Arbor was closed");
    listeners.forEach(listener -> listener.tell(new LifecycleListener.Stop()));
    if (ownsSystem) {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn("The ActorSystem did not terminate within {} ms; is a plugin blocked in its code?", settings.shutdownTimeout().toMillis());
      } catch (ExecutionException e) {
        log.warn("The ActorSystem terminated with an error", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      try {
        AskPattern.<ArborGuardian.Command, Done>ask(guardian, ArborGuardian.Shutdown::new, settings.shutdownTimeout(), system.scheduler())
            .toCompletableFuture().get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        log.warn("Arbor's actors did not stop within {} ms; is a plugin blocked in its code?", settings.shutdownTimeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    database.close(); // after the actors: the registry's last write is done
    watchdog.close(); // last: it times out calls held by plugins that hang during the shutdown
    ArborExtension.get(system).closed(this);
  }

  // ---- internals ---------------------------------------------------------------------------

  private void requireOpen(String what) {
    if (directory.isClosed()) {
      throw directory.closedError(what);
    }
  }

  /** Rebuild one event's chain from the current registry, even when the registry did not change. */
  CompletionStage<Done> refresh(String event) {
    return ask(guardian, (ActorRef<Done> replyTo) -> new ArborGuardian.RefreshEvent(event, replyTo), RegistryUnavailableException::new);
  }

  private static <S> PluginDefinition<S> definition(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
    return PluginDefinition.of(requireNonNull("descriptor", descriptor), requireNonNull("factory", factory));
  }

  /** One operator operation on one plugin, as the one-liners run it: its record. */
  private CompletionStage<PluginRecord> operate(Operation operation, String plugin) {
    return forCaller(client.operate(operation, Target.plugin(requireNonNull("plugin", plugin)), null).thenApply(list -> list.get(0)));
  }

  /** Ask one of Arbor's actors; {@code onTimeout} says what no answer within ask-timeout means to this caller. */
  private <Req, Res> CompletionStage<Res> ask(RecipientRef<Req> target, Function<ActorRef<Res>, Req> message,
      BiFunction<Duration, Throwable, ArborException> onTimeout) {
    if (directory.isClosed()) {
      return CompletableFuture.failedFuture(directory.closedError("the operation"));
    }
    Duration timeout = settings.askTimeout();
    return AskPattern.ask(target, message, timeout, system.scheduler())
        .exceptionallyComposeAsync(error -> CompletableFuture.failedFuture(
            unwrap(error) instanceof TimeoutException ? onTimeout.apply(timeout, error) : unwrap(error)), executor);
  }

  /**
   * {@code stage} as the caller gets it: completed by whichever Arbor thread completes {@code stage},
   * but its continuations, and those of every stage derived from it, run on arbor.caller-dispatcher.
   */
  private <T> CompletionStage<T> forCaller(CompletionStage<T> stage) {
    CallerFuture<T> future = new CallerFuture<>(callers);
    stage.whenComplete((value, error) -> {
      if (error == null) {
        future.complete(value);
      } else {
        future.completeExceptionally(unwrap(error));
      }
    });
    return future;
  }

  // ---- for Boot and tests ----------------------------------------------------------------

  RegistryClient registryClient() {
    return client;
  }

  Registration registration() {
    return registration;
  }

  ChainDirectory directory() {
    return directory;
  }

  NodeHealth nodeHealth() {
    return health;
  }

  StatusTracker statusTracker() {
    return status;
  }

  InstalledCode installedCode() {
    return installed;
  }

  /** Configures and starts an {@link Arbor}. */
  public static final class Builder {
    private Config config = ConfigFactory.empty();
    private ActorSystem<?> system;
    private String systemName = "arbor";
    private final List<EventType<?>> events = new ArrayList<>();
    private final List<PluginDefinition<?>> plugins = new ArrayList<>();
    private final List<PluginDefinition<?>> provided = new ArrayList<>();
    private ClassLoader discoveryLoader;

    private Builder() {}

    /** Overrides for Arbor's own ActorSystem (ignored with {@link #system}). */
    public Builder config(Config overrides) {
      this.config = requireNonNull("overrides", overrides);
      return this;
    }

    /** The name of the ActorSystem Arbor creates: letters, digits, '-' and '_', starting with a letter or digit. */
    public Builder systemName(String name) {
      if (!requireNonNull("name", name).matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
        throw new InvalidArgumentException("name", "must start with a letter or digit and contain only letters, digits, '-' and '_'");
      }
      this.systemName = name;
      return this;
    }

    /**
     * Attach to the application's ActorSystem instead of creating one; see {@link Arbor#configuration}.
     * start() refuses a system on which another Arbor starts or runs.
     */
    public Builder system(ActorSystem<?> existing) {
      this.system = requireNonNull("existing", existing);
      return this;
    }

    public Builder event(EventType<?>... events) {
      this.events.addAll(nonNullElements("events", events));
      return this;
    }

    /** Plugins to register at start; each name at most once (start() refuses a name given twice). */
    public Builder plugin(PluginDefinition<?>... plugins) {
      this.plugins.addAll(nonNullElements("plugins", plugins));
      return this;
    }

    public <S> Builder plugin(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
      return plugin(definition(descriptor, factory));
    }

    /**
     * Plugin code this node can run without registering it: each runs in its event's chain whenever
     * the registry has it active, registered through any node (on a cluster, typically by the node
     * that declares it in {@link #plugin}). A node without a registered plugin's code leaves it out of
     * its chain and reports it in {@link CallResult#notLoaded()} and in health.
     */
    public Builder provide(PluginDefinition<?>... plugins) {
      this.provided.addAll(nonNullElements("plugins", plugins));
      return this;
    }

    /** Where {@code ServiceLoader} discovery looks (default: this thread's context class loader). */
    public Builder discoverWith(ClassLoader loader) {
      this.discoveryLoader = requireNonNull("loader", loader);
      return this;
    }

    private static <T> List<T> nonNullElements(String argument, T[] values) {
      for (int i = 0; i < requireNonNull(argument, values).length; i++) {
        requireNonNull(argument + "[" + i + "]", values[i]);
      }
      return Arrays.asList(values);
    }

    /** Starts Arbor and waits until the registry is recovered and every declared event's chain is built. */
    public Arbor start() {
      return Boot.start(new Boot.Plan(config, system, systemName, List.copyOf(events), List.copyOf(plugins), List.copyOf(provided), discoveryLoader));
    }
  }
}
