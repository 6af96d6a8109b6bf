package io.arbor.runtime;

import static io.arbor.runtime.InvalidArgumentException.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.PluginDiscovery;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.chain.CallGateway;
import io.arbor.runtime.chain.CallerFuture;
import io.arbor.runtime.chain.CallOptions;
import io.arbor.runtime.chain.CallResult;
import io.arbor.runtime.chain.ChainDirectory;
import io.arbor.runtime.chain.ChainSnapshot;
import io.arbor.runtime.chain.UnknownEventException;
import io.arbor.runtime.chain.Watchdog;
import io.arbor.runtime.health.EventHealth;
import io.arbor.runtime.health.HealthChecks;
import io.arbor.runtime.health.HealthReport;
import io.arbor.runtime.health.PluginHealth;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.LifecycleListener;
import io.arbor.runtime.registry.Operation;
import io.arbor.runtime.registry.RegistryUnavailableException;
import io.arbor.runtime.registry.Target;
import io.arbor.runtime.persistence.JournalDatabase;
import io.arbor.runtime.persistence.PersistenceConfig;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.PluginStatus;
import io.arbor.runtime.registry.Registry;
import io.arbor.runtime.registry.RegistryJournal;
import io.arbor.runtime.registry.RegistryState;
import io.arbor.runtime.registry.WriteFailedException;
import io.arbor.runtime.registry.WriteOutcomeUnknownException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
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
  private final Executor executor;
  /** Where callers' continuations run: never on an Arbor actor or the plugin dispatcher. */
  private final Executor callers;
  private final RegistryJournal journal;
  private final HealthChecks healthChecks;
  private final Set<ActorRef<LifecycleListener.Command>> listeners = ConcurrentHashMap.newKeySet();
  private static final AtomicLong LISTENERS = new AtomicLong();

  private Arbor(ActorSystem<?> system, boolean ownsSystem, JournalDatabase database) {
    this.system = system;
    this.ownsSystem = ownsSystem;
    this.database = database;
    this.settings = ArborSettings.from(system.settings().config());
    this.executor = system.executionContext();
    this.callers = system.dispatchers().lookup(DispatcherSelector.fromConfig("arbor.caller-dispatcher"));
    this.directory = new ChainDirectory(callers);
    this.journal = new RegistryJournal(system, settings.registry());
    this.healthChecks = new HealthChecks(
        system.dispatchers().lookup(DispatcherSelector.blocking()), settings.healthTimeout());
    this.watchdog = new Watchdog(directory, settings.watchdogTick(), settings.pluginQueueLimit(), executor);
    this.guardian = system.systemActorOf(ArborGuardian.create(settings, catalog, directory), "arbor", Props.empty());
    try {
      ArborGuardian.Refs refs = await(ask(guardian, ArborGuardian.GetRefs::new, RegistryUnavailableException::new), settings.startupTimeout());
      this.registry = refs.registry();
      this.gateway = refs.gateway();
    } catch (RuntimeException e) {
      watchdog.close(); // no Arbor to close it later
      guardian.tell(new ArborGuardian.Shutdown(system.ignoreRef()));
      throw e;
    }
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
    return forCaller(ask(guardian, (ActorRef<ArborGuardian.DeclareReply> replyTo) -> new ArborGuardian.DeclareEvent(event, replyTo),
            RegistryUnavailableException::new)
        .thenComposeAsync(reply -> reply.error() != null
            ? CompletableFuture.failedFuture(reply.error())
            : currentVersion().thenCompose(this::chainsAt), executor));
  }

  /**
   * Register a plugin's code on this node and its descriptor in the registry (an upsert by name), and
   * start it if it is new. Completes once the plugin's chain reflects it.
   */
  public CompletionStage<PluginRecord> register(PluginDefinition<?> definition) {
    requireNonNull("definition", definition);
    String name = definition.name();
    String event = definition.descriptor().event();
    // The code goes in first, so the chain rebuilt from the new record starts the new code at once;
    // a registration that surely wrote nothing puts the previous code back.
    Optional<PluginDefinition<?>> previous = catalog.add(definition);
    return forCaller(registryChange(replyTo -> new Registry.Register(definition.descriptor(), settings.node(), replyTo))
        .whenComplete((records, error) -> catalog.settled(name))
        .exceptionallyComposeAsync(error -> {
          if (!(unwrap(error) instanceof LifecycleException || unwrap(error) instanceof WriteFailedException)) {
            // The write may have landed (or did, if only the chains lag); keep the code.
            return CompletableFuture.failedFuture(unwrap(error));
          }
          catalog.restore(name, previous);
          return refresh(event).thenCompose(done -> CompletableFuture.failedFuture(unwrap(error)));
        }, executor)
        .thenComposeAsync(records -> refresh(event).thenApply(done -> records.get(0)), executor));
  }

  public <S> CompletionStage<PluginRecord> register(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
    return register(definition(descriptor, factory));
  }

  /** Apply a lifecycle operation to a plugin, an event's plugins or all plugins; completes with the plugins touched. */
  public CompletionStage<List<PluginRecord>> apply(Operation operation, Target target) {
    return forCaller(checkedChange(operation, target));
  }

  /** An operator's operation, refused when its arguments are bad; not yet wrapped for the caller. */
  private CompletionStage<List<PluginRecord>> checkedChange(Operation operation, Target target) {
    requireNonNull("operation", operation);
    requireNonNull("target", target);
    if (operation == Operation.MARK_FAILED || operation == Operation.BOOT) {
      throw new InvalidArgumentException("operation", "must not be " + operation + ", the runtime's own operation");
    }
    return registryChange(replyTo -> new Registry.Change(operation, target, "operator: " + operation.name().toLowerCase(), settings.node(), replyTo));
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

  // ---- queries -----------------------------------------------------------------------------

  /** The registry as its writer holds it now. */
  public CompletionStage<RegistryState> registryState() {
    return forCaller(state());
  }

  public CompletionStage<List<PluginRecord>> plugins() {
    return forCaller(state().thenApply(state -> List.copyOf(state.plugins().values())));
  }

  public CompletionStage<List<PluginRecord>> plugins(String event) {
    requireNonNull("event", event);
    return forCaller(state().thenApply(state -> state.pluginsOf(event)));
  }

  public CompletionStage<Optional<PluginRecord>> plugin(String name) {
    requireNonNull("name", name);
    return forCaller(state().thenApply(state -> state.plugin(name)));
  }

  /** Every event that has plugins in the registry. */
  public CompletionStage<SortedSet<String>> events() {
    return forCaller(state().thenApply(RegistryState::events));
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
    return history().thenApply(changes -> changes.stream().filter(change -> change.plugin().equals(plugin)).toList());
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
    return forCaller(state().thenComposeAsync(state -> {
      List<CompletableFuture<EventHealth>> events = directory.chains().stream()
          .map(chain -> chain.event())
          .sorted()
          .map(event -> eventHealth(event, state).toCompletableFuture())
          .toList();
      return CompletableFuture.allOf(events.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<EventHealth> reports = events.stream().map(CompletableFuture::join).toList();
        return new HealthReport(reports, undeclared(state), reports.stream().allMatch(EventHealth::healthy));
      });
    }, executor));
  }

  /** One declared event's health on this node; fails with unknown_event, like a call, for any other name. */
  public CompletionStage<EventHealth> health(String event) {
    requireNonNull("event", event);
    if (directory.chain(event) == null) {
      return CompletableFuture.failedFuture(new UnknownEventException(event));
    }
    return forCaller(state().thenComposeAsync(state -> eventHealth(event, state), executor));
  }

  /** One plugin's health on this node; fails with plugin_not_found for an unknown plugin. */
  public CompletionStage<PluginHealth> pluginHealth(String plugin) {
    requireNonNull("plugin", plugin);
    return forCaller(state().thenComposeAsync(state -> {
      Optional<PluginRecord> record = state.plugin(plugin);
      if (record.isEmpty()) {
        return CompletableFuture.failedFuture(LifecycleException.pluginNotFound(plugin));
      }
      if (directory.chain(record.get().event()) == null) {
        return CompletableFuture.completedFuture(healthChecks.undeclared(record.get(), catalog.contains(plugin)));
      }
      return eventHealth(record.get().event(), state).thenApply(event -> event.plugins().stream()
          .filter(report -> report.plugin().equals(plugin)).findFirst().orElseThrow());
    }, executor));
  }

  private CompletionStage<EventHealth> eventHealth(String event, RegistryState state) {
    return healthChecks.event(event, directory.chain(event), state, catalog::contains, directory::stuck);
  }

  private List<PluginHealth> undeclared(RegistryState state) {
    return state.plugins().values().stream()
        .filter(record -> directory.chain(record.event()) == null)
        .map(record -> healthChecks.undeclared(record, catalog.contains(record.name())))
        .toList();
  }

  /** This node's current chain for a declared event: the plugins a call runs now, in order. */
  public Optional<ChainSnapshot> chain(String event) {
    requireNonNull("event", event);
    return Optional.ofNullable(directory.chain(event));
  }

  /** Registered plugins whose code is not on this node (they are left out of their chains). */
  public CompletionStage<List<String>> missingCode() {
    return forCaller(state().thenApply(state -> state.plugins().keySet().stream().filter(name -> !catalog.contains(name)).toList()));
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

  /** Stops Arbor's actors, and the ActorSystem if Arbor created it. */
  @Override
  public void close() {
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
  }

  // ---- internals ---------------------------------------------------------------------------

  private void requireOpen(String what) {
    if (directory.isClosed()) {
      throw directory.closedError(what);
    }
  }

  /** The registry as its writer holds it now, for Arbor's own steps (not wrapped for a caller). */
  private CompletionStage<RegistryState> state() {
    return ask(registry, Registry.GetState::new, RegistryUnavailableException::new);
  }

  private CompletionStage<Long> currentVersion() {
    return state().thenApply(RegistryState::version);
  }

  private CompletionStage<Done> refresh(String event) {
    return ask(guardian, (ActorRef<Done> replyTo) -> new ArborGuardian.RefreshEvent(event, replyTo), RegistryUnavailableException::new);
  }

  /**
   * Send a command to the registry; complete once it is journaled and this node's chains show it. A
   * refusal, a write the journal refused and a write whose outcome is unknown fail differently.
   */
  private CompletionStage<List<PluginRecord>> registryChange(Function<ActorRef<Registry.Reply>, Registry.Command> command) {
    return ask(registry, command, (timeout, error) -> new WriteOutcomeUnknownException(
        "The registry did not answer within " + timeout.toMillis() + " ms (is the database reachable?)", error))
        .thenComposeAsync(reply -> {
          if (reply instanceof Registry.Rejected rejected) {
            return CompletableFuture.failedFuture(rejected.toException());
          }
          if (reply instanceof Registry.WriteRejected refused) {
            return CompletableFuture.failedFuture(new WriteFailedException(refused.cause()));
          }
          if (reply instanceof Registry.WriteFailed failed) {
            return CompletableFuture.failedFuture(
                new WriteOutcomeUnknownException("The journal failed the write (" + failed.cause() + ")", null));
          }
          Registry.Accepted accepted = (Registry.Accepted) reply;
          return chainsAt(accepted.version()).thenApply(done -> accepted.plugins());
        }, executor);
  }

  /** Completes once this node's chains reflect registry {@code version}; fails with ChainsLaggingException after ask-timeout. */
  private CompletionStage<Void> chainsAt(long version) {
    return directory.awaitApplied(version)
        .orTimeout(settings.askTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(new ChainsLaggingException(version, settings.askTimeout())));
  }

  private static <S> PluginDefinition<S> definition(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
    return PluginDefinition.of(requireNonNull("descriptor", descriptor), requireNonNull("factory", factory));
  }

  /** One operator operation on one plugin, as the one-liners run it: its record. */
  private CompletionStage<PluginRecord> operate(Operation operation, String plugin) {
    return forCaller(checkedChange(operation, Target.plugin(requireNonNull("plugin", plugin))).thenApply(list -> list.get(0)));
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

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  private static <T> T await(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Arbor did not get an answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void boot(List<EventType<?>> events, List<PluginDefinition<?>> plugins) {
    Duration timeout = settings.startupTimeout();
    await(state(), timeout); // the registry has recovered from the journal
    for (EventType<?> event : events) {
      await(declare(event), timeout);
    }
    for (PluginDefinition<?> plugin : plugins) {
      catalog.add(plugin); // a refused registration fails the start, which then shuts everything down
      try {
        await(registryChange(replyTo -> new Registry.Register(plugin.descriptor(), settings.node(), replyTo)), timeout);
      } finally {
        catalog.settled(plugin.name());
      }
    }
    await(registryChange(replyTo -> new Registry.Change(Operation.BOOT, Target.all(), "boot", settings.node(), replyTo)), timeout);
    for (EventType<?> event : events) {
      await(refresh(event.name()), timeout);
    }
    awaitPluginsStarted(events, timeout);
    List<String> missing = await(missingCode(), timeout);
    if (!missing.isEmpty()) {
      log.warn("These registered plugins have no code on this node and are left out of their chains: {}", missing);
    }
    List<String> undeclared = undeclared(await(state(), timeout)).stream()
        .map(plugin -> plugin.plugin() + " (event " + plugin.event() + ")").toList();
    if (!undeclared.isEmpty()) {
      log.warn("These registered plugins run nowhere on this node, their event is not declared here: {}", undeclared);
    }
  }

  /** So that start() returns with every plugin's start hook run: health and the first calls see them up. */
  private void awaitPluginsStarted(List<EventType<?>> events, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!events.stream().allMatch(event -> directory.pluginsStarted(event.name()))) {
      if (System.nanoTime() > deadline) {
        log.warn("Some plugins had not run their start() within {} ms; Arbor starts without waiting for them", timeout.toMillis());
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Configures and starts an {@link Arbor}. */
  public static final class Builder {
    private Config config;
    private ActorSystem<?> system;
    private String systemName = "arbor";
    private final List<EventType<?>> events = new ArrayList<>();
    private final List<PluginDefinition<?>> plugins = new ArrayList<>();
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

    /** Attach to the application's ActorSystem instead of creating one; see {@link Arbor#configuration}. */
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

    /** The names of the plugins given to the builder; refuses a name given twice, since one of them would be lost. */
    private Set<String> givenNames() {
      Set<String> given = new HashSet<>();
      for (PluginDefinition<?> plugin : plugins) {
        if (!given.add(plugin.name())) {
          throw new InvalidArgumentException("plugins", "must not name plugin '" + plugin.name() + "' twice");
        }
      }
      return given;
    }

    /**
     * The plugins given to the builder, then the discovered ones whose name none of them has: a plugin
     * given explicitly wins over one found implicitly on the class path.
     */
    private List<PluginDefinition<?>> withDiscovered(Set<String> given, List<PluginDefinition<?>> discovered) {
      List<PluginDefinition<?>> all = new ArrayList<>(plugins);
      for (PluginDefinition<?> plugin : discovered) {
        if (given.contains(plugin.name())) {
          log.info("Plugin '{}' is both given to the builder and discovered on the class path; the one given to the builder"
              + " is registered", plugin.name());
        } else {
          all.add(plugin);
        }
      }
      return all;
    }

    /** Starts Arbor and waits until the registry is recovered and every declared event's chain is built. */
    public Arbor start() {
      Set<String> given = givenNames(); // before anything starts
      boolean owns = system == null;
      ActorSystem<?> actorSystem = owns
          ? ActorSystem.create(Behaviors.empty(), systemName, configuration(config == null ? ConfigFactory.empty() : config))
          : system;
      JournalDatabase database = null;
      try {
        Config effective = actorSystem.settings().config();
        PersistenceConfig.requireComplete(effective);
        ArborSettings settings = ArborSettings.from(effective);
        database = JournalDatabase.open(actorSystem); // fails fast on a locked or unreachable database
        if (settings.createSchema()) {
          await(SchemaUtils.createIfNotExists(actorSystem), settings.startupTimeout());
        }
        List<PluginDefinition<?>> all = withDiscovered(given, settings.discoverPlugins()
            ? PluginDiscovery.discover(discoveryLoader != null ? discoveryLoader : Thread.currentThread().getContextClassLoader())
            : List.of());
        Arbor arbor = new Arbor(actorSystem, owns, database);
        try {
          arbor.boot(events, all);
        } catch (RuntimeException e) {
          arbor.close();
          throw e;
        }
        return arbor;
      } catch (RuntimeException e) {
        if (database != null) {
          database.close();
        }
        if (owns) {
          actorSystem.terminate();
        }
        throw e;
      }
    }
  }
}
