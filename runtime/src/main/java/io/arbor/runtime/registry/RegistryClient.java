package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.ArborException;
import io.arbor.runtime.InvalidArgumentException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;

/**
 * The facade's round trips to the registry: read its state, send it a command and map the reply to
 * the caller's typed error, and complete a change only once this node's chains reflect it. It knows
 * nothing of chains: "this node's chains reflect version v" is the {@code appliedHere} function it is
 * given, so the registry package stays below the chain package.
 */
public final class RegistryClient {
  private final RecipientRef<Registry.Command> registry;
  private final String node;
  private final Duration timeout;
  private final Scheduler scheduler;
  private final Executor executor;
  private final LongFunction<CompletableFuture<Void>> appliedHere;
  private final LongFunction<CompletionStage<Void>> appliedElsewhere;
  private final Supplier<? extends RuntimeException> refusal;

  /**
   * @param node the origin written into the journal with every change
   * @param timeout how long to wait for the registry, and then for this node's chains
   * @param executor where replies are mapped: never a caller's thread
   * @param appliedHere completes once this node's chains reflect the given registry version
   * @param appliedElsewhere what a change waits for after that: the other members' chains, or nothing
   * @param refusal the error for a round trip refused because Arbor is closed, or null while it is open
   */
  public RegistryClient(RecipientRef<Registry.Command> registry, String node, Duration timeout, Scheduler scheduler,
      Executor executor, LongFunction<CompletableFuture<Void>> appliedHere, LongFunction<CompletionStage<Void>> appliedElsewhere,
      Supplier<? extends RuntimeException> refusal) {
    this.registry = registry;
    this.node = node;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.executor = executor;
    this.appliedHere = appliedHere;
    this.appliedElsewhere = appliedElsewhere;
    this.refusal = refusal;
  }

  /** The registry as its writer holds it now. */
  public CompletionStage<RegistryState> state() {
    return ask(Registry.GetState::new, RegistryUnavailableException::new);
  }

  public CompletionStage<Long> currentVersion() {
    return state().thenApply(RegistryState::version);
  }

  /** Upsert a plugin's declared fields; completes with its record once this node's chains show it. */
  public CompletionStage<List<PluginRecord>> register(PluginDescriptor descriptor) {
    return change((id, replyTo) -> new Registry.Register(id, descriptor, node, replyTo));
  }

  /**
   * Journal an artifact version's plugins ({@link Lifecycle#install}); completes with their records
   * (and those it unregistered) once this node's chains show them. {@code origin}: where an operator's
   * request came from, or null for the application's own install (its reasons then name nobody).
   */
  public CompletionStage<List<PluginRecord>> install(Artifact artifact, List<PluginDescriptor> plugins, String expectedVersion,
      String origin) {
    return change((id, replyTo) -> new Registry.Install(id, artifact, plugins, expectedVersion, node, replyTo, installer(origin)));
  }

  /** Unregister an installed artifact's plugins; completes with their last records. {@code origin} as for {@link #install}. */
  public CompletionStage<List<PluginRecord>> uninstall(String artifact, String expectedVersion, String origin) {
    return change((id, replyTo) -> new Registry.Uninstall(id, artifact, expectedVersion, node, replyTo, installer(origin)));
  }

  /** Who an install names in its reasons: the operator with the origin, or nobody for the application. */
  private static String installer(String origin) {
    return origin == null ? null : operator(origin);
  }

  /** Pause or resume calls to an event, or to every event ({@link Pause#ALL}); completes once this node's chains show it. */
  public CompletionStage<Void> setPaused(String target, boolean pause, boolean hold, String origin) {
    String reason = operator(origin) + ": " + (pause ? "pause " : "resume ") + Pause.shown(target) + (pause && hold ? ", holding its calls" : "");
    return change((id, replyTo) -> new Registry.SetPaused(id, target, pause, hold, reason, node, replyTo)).thenApply(records -> null);
  }

  /** A live configuration update ({@link Lifecycle#configure}); completes with the plugins' records once this node's chains show them. */
  public CompletionStage<List<PluginRecord>> configure(List<SettingsUpdate> updates, String reason) {
    return change((id, replyTo) -> new Registry.Configure(id, updates, reason, node, replyTo));
  }

  /** The runtime's own operation at start: start what is still registered. */
  public CompletionStage<List<PluginRecord>> boot() {
    return change((id, replyTo) -> new Registry.Change(id, Operation.BOOT, Target.all(), "boot", node, replyTo));
  }

  /**
   * An operator's operation; throws {@link InvalidArgumentException} at once for a null argument or
   * for the runtime's own operations, which no operator may send.
   */
  public CompletionStage<List<PluginRecord>> operate(Operation operation, Target target, String origin) {
    InvalidArgumentException.requireNonNull("operation", operation);
    InvalidArgumentException.requireNonNull("target", target);
    if (operation == Operation.MARK_FAILED || operation == Operation.BOOT) {
      throw new InvalidArgumentException("operation", "must not be " + operation + ", the runtime's own operation");
    }
    String reason = operator(origin) + ": " + operation.name().toLowerCase();
    return change((id, replyTo) -> new Registry.Change(id, operation, target, reason, node, replyTo));
  }

  /**
   * Who a change is journaled as coming from, in its reason: {@code operator}, or {@code operator
   * (origin)} when the caller said where the request came from (the admin API and its client's address).
   */
  public static String operator(String origin) {
    return origin == null ? "operator" : "operator (" + origin + ")";
  }

  /** Completes once this node's chains reflect registry {@code version}; fails with ChainsLaggingException after the timeout. */
  public CompletionStage<Void> chainsAt(long version) {
    return appliedHere.apply(version)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(chainsLagging(version)));
  }

  /** The error for chains that do not reflect {@code version} within the timeout. */
  public ChainsLaggingException chainsLagging(long version) {
    return new ChainsLaggingException(version, timeout);
  }

  /**
   * Send a command; complete once it is journaled and this node's chains show it. A refusal, a write
   * the journal refused and a write whose outcome is unknown fail differently.
   *
   * <p>A probe goes first: a writer that cannot be reached (the database away, the cluster singleton
   * moving) fails the change with RegistryUnavailableException, known not to be applied. Once it
   * answers, the command is sent with a fresh id, and sent once more with the same id if that goes
   * unanswered: the registry applies an id once, so a copy delivered late (from the singleton proxy's
   * buffer) does nothing.
   */
  private CompletionStage<List<PluginRecord>> change(BiFunction<String, ActorRef<Registry.Reply>, Registry.Command> command) {
    String id = UUID.randomUUID().toString();
    return ask(Registry.GetVersion::new, RegistryUnavailableException::new)
        .thenCompose(writer -> ask((ActorRef<Registry.Reply> replyTo) -> command.apply(id, replyTo), (waited, error) -> new Unanswered(error)))
        .exceptionallyCompose(error -> unwrap(error) instanceof Unanswered
            ? ask((ActorRef<Registry.Reply> replyTo) -> command.apply(id, replyTo), (waited, again) -> new WriteOutcomeUnknownException(
                "The registry did not answer within " + waited.toMillis() + " ms, twice (is the database reachable?)", again))
            : CompletableFuture.failedFuture(unwrap(error)))
        .thenComposeAsync(reply -> {
          if (reply instanceof Registry.Accepted accepted) {
            return chainsAt(accepted.version())
                .thenCompose(done -> appliedElsewhere.apply(accepted.version()))
                .thenApply(done -> accepted.plugins());
          }
          return CompletableFuture.failedFuture(failure(reply));
        }, executor);
  }

  /** The first send of a command went unanswered: it is sent again, with the same id. */
  private static final class Unanswered extends ArborException {
    Unanswered(Throwable cause) {
      super("no answer yet", cause);
    }

    @Override
    public String code() {
      return "unanswered";
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  /** What a reply other than Accepted means to the caller. */
  private static ArborException failure(Registry.Reply reply) {
    if (reply instanceof Registry.Rejected rejected) {
      return rejected(rejected);
    }
    if (reply instanceof Registry.WriteRejected refused) {
      return new WriteFailedException(refused.cause());
    }
    String cause = ((Registry.WriteFailed) reply).cause();
    return new WriteOutcomeUnknownException("The journal failed the write (" + cause + ")", null);
  }

  private static LifecycleException rejected(Registry.Rejected rejected) {
    return rejected.toException();
  }

  /** {@code onTimeout} says what no answer within the timeout means to this caller. */
  private <Res> CompletionStage<Res> ask(
      Function<ActorRef<Res>, Registry.Command> message, BiFunction<Duration, Throwable, ArborException> onTimeout) {
    RuntimeException refused = refusal.get();
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    return AskPattern.ask(registry, message, timeout, scheduler).exceptionallyComposeAsync(error -> {
      Throwable cause = unwrap(error);
      return CompletableFuture.failedFuture(cause instanceof TimeoutException ? onTimeout.apply(timeout, error) : cause);
    }, executor);
  }
}
