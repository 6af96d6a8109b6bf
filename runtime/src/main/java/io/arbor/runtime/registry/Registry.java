package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.ArborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.persistence.typed.JournalPersistFailed;
import org.apache.pekko.persistence.typed.JournalPersistRejected;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The one writer of the registry. It asks {@link Lifecycle} what a command means, journals the
 * resulting events, tells the listener the new state and only then acknowledges: an acknowledged
 * change is in the journal.
 */
public final class Registry extends EventSourcedBehavior<Registry.Command, RegistryEvent, RegistryState> {

  /**
   * What the registry is sent. Plain data (records, names, descriptors, actor refs) bound to Jackson,
   * so a command can come from another node once the registry is a cluster singleton.
   */
  public sealed interface Command extends ArborSerializable {}

  /** Upsert a plugin's declared fields. */
  public record Register(PluginDescriptor descriptor, String origin, ActorRef<Reply> replyTo) implements Command {}

  /** Apply a lifecycle operation; {@code origin} is the node it came from, kept in the history. */
  public record Change(Operation operation, Target target, String reason, String origin, ActorRef<Reply> replyTo)
      implements Command {}

  public record GetState(ActorRef<RegistryState> replyTo) implements Command {}

  /** What a {@link Register} or {@link Change} is answered with; plain data too, never an exception object. */
  public sealed interface Reply extends ArborSerializable {}

  /** Done and journaled. {@code plugins} are the named plugins as they are now (or were, if unregistered). */
  public record Accepted(List<PluginRecord> plugins, long version) implements Reply {}

  /**
   * The rules refused: nothing was written. A {@link LifecycleException} as plain data;
   * {@link #toException()} rebuilds it on the node that asked.
   *
   * @param code the exception's {@code code()}
   * @param field the plugin or event the command named (the exception's {@code subject()})
   * @param plugins the plugins behind the refusal: inactive dependencies, or the members of a cycle
   */
  public record Rejected(String code, String message, String field, List<String> plugins) implements Reply {
    public Rejected {
      plugins = List.copyOf(plugins);
    }

    static Rejected of(LifecycleException error) {
      return new Rejected(error.code(), error.getMessage(), error.subject(), error.plugins());
    }

    public LifecycleException toException() {
      return LifecycleException.fromReply(code, message, field, plugins);
    }
  }

  /**
   * The journal refused the write before storing it (Pekko's {@code JournalPersistRejected}, for
   * example an event it could not serialize): nothing was journaled.
   */
  public record WriteRejected(String cause) implements Reply {}

  /**
   * The journal failed the write (Pekko's {@code JournalPersistFailed}, for example the database went
   * away): the events may or may not be stored. The registry restarts and recovers from the journal.
   */
  public record WriteFailed(String cause) implements Reply {}

  /** Told to the listener after every journal write (and after recovery, with no events). */
  public record Changed(RegistryState before, RegistryState after, List<RegistryEvent> events) {}

  /** Where and how the registry is journaled ({@code arbor.registry} in the configuration). */
  public record Settings(
      String persistenceId, String journalPlugin, String snapshotPlugin, String readJournalPlugin, int snapshotEvery) {}

  private final Settings settings;
  private final ActorRef<Changed> listener;
  /** Who waits for the write in progress; a journal failure is told to them at once instead of leaving them to time out. */
  private ActorRef<Reply> writing;

  public static Behavior<Command> create(Settings settings, ActorRef<Changed> listener) {
    return new Registry(settings, listener);
  }

  private Registry(Settings settings, ActorRef<Changed> listener) {
    // The database went away: restart and recover from the journal, backing off, instead of stopping.
    super(PersistenceId.ofUniqueId(settings.persistenceId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.settings = settings;
    this.listener = listener;
  }

  @Override
  public String journalPluginId() {
    return settings.journalPlugin();
  }

  @Override
  public String snapshotPluginId() {
    return settings.snapshotPlugin();
  }

  @Override
  public RegistryState emptyState() {
    return RegistryState.EMPTY;
  }

  @Override
  public CommandHandler<Command, RegistryEvent, RegistryState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Register.class, (state, command) ->
            decide(state, Lifecycle.register(state, command.descriptor(), stamp(command.origin())), command.replyTo()))
        .onCommand(Change.class, (state, command) -> decide(state,
            Lifecycle.apply(state, command.operation(), command.target(), command.reason(), stamp(command.origin())),
            command.replyTo()))
        .onCommand(GetState.class, (state, command) -> {
          command.replyTo().tell(state);
          return Effect().none();
        })
        .build();
  }

  private Effect<RegistryEvent, RegistryState> decide(RegistryState before, Lifecycle.Decision decision, ActorRef<Reply> replyTo) {
    if (decision instanceof Lifecycle.Rejected rejected) {
      replyTo.tell(Rejected.of(rejected.error()));
      return Effect().none();
    }
    Lifecycle.Accepted accepted = (Lifecycle.Accepted) decision;
    if (accepted.events().isEmpty()) {
      replyTo.tell(new Accepted(records(before, before, accepted.touched()), before.version()));
      return Effect().none();
    }
    writing = replyTo; // one write at a time: Pekko stashes commands while it persists
    return Effect().persist(accepted.events()).thenRun(after -> {
      writing = null;
      listener.tell(new Changed(before, after, accepted.events()));
      replyTo.tell(new Accepted(records(before, after, accepted.touched()), after.version()));
    });
  }

  private static List<PluginRecord> records(RegistryState before, RegistryState after, List<String> names) {
    return names.stream()
        .map(name -> after.plugin(name).or(() -> before.plugin(name)))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Stamp stamp(String origin) {
    return new Stamp(Instant.now(), origin, () -> UUID.randomUUID().toString());
  }

  @Override
  public EventHandler<RegistryState, RegistryEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public SignalHandler<RegistryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> listener.tell(new Changed(state, state, List.of())))
        .onSignal(JournalPersistRejected.class, (state, signal) -> answerWriting(new WriteRejected(describe(signal.failure()))))
        .onSignal(JournalPersistFailed.class, (state, signal) -> answerWriting(new WriteFailed(describe(signal.failure()))))
        .build();
  }

  private void answerWriting(Reply reply) {
    if (writing != null) {
      writing.tell(reply);
      writing = null;
    }
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }
}
