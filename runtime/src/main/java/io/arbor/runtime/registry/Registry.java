package io.arbor.runtime.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
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
import org.apache.pekko.actor.typed.pubsub.Topic;
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
 * resulting events, publishes what it persisted and only then acknowledges: an acknowledged
 * change is in the journal.
 */
public final class Registry extends EventSourcedBehavior<Registry.Command, RegistryEvent, RegistryState> {

  /**
   * What the registry is sent. Plain data (records, names, descriptors, actor refs) bound to Jackson,
   * so a command can come from another node once the registry is a cluster singleton.
   */
  public sealed interface Command extends ArborSerializable {}

  /**
   * Upsert a plugin's declared fields. {@code commandId} (null for none) makes it apply once: a
   * command with the id of one among the registry's recent commands is answered as that one was,
   * with nothing written.
   */
  public record Register(String commandId, PluginDescriptor descriptor, String origin, ActorRef<Reply> replyTo)
      implements Command {
    public Register(PluginDescriptor descriptor, String origin, ActorRef<Reply> replyTo) {
      this(null, descriptor, origin, replyTo);
    }
  }

  /** Apply a lifecycle operation; {@code origin} is the node it came from, kept in the history; {@code commandId} as for Register. */
  public record Change(String commandId, Operation operation, Target target, String reason, String origin, ActorRef<Reply> replyTo)
      implements Command {
    public Change(Operation operation, Target target, String reason, String origin, ActorRef<Reply> replyTo) {
      this(null, operation, target, reason, origin, replyTo);
    }
  }

  /**
   * Install an artifact version's plugins ({@link Lifecycle#install}): refused unless the artifact is
   * still at {@code expectedVersion} (null: not installed), so that of two concurrent installs one wins.
   * {@code by}: who asked, for the reasons journaled ({@link RegistryClient#operator}); null for the
   * application, and from a node that predates the field.
   */
  public record Install(String commandId, Artifact artifact, List<PluginDescriptor> plugins, String expectedVersion,
      String origin, ActorRef<Reply> replyTo, String by) implements Command {
    public Install {
      plugins = List.copyOf(plugins);
    }
  }

  /** Unregister every plugin of an installed artifact, if it is still at {@code expectedVersion}; {@code by} as for {@link Install}. */
  public record Uninstall(String commandId, String artifact, String expectedVersion, String origin, ActorRef<Reply> replyTo,
      String by) implements Command {}

  /** Pause ({@code pause} true; {@code hold}: held, not refused) or resume calls to {@code target}: an event, or {@link Pause#ALL}. */
  public record SetPaused(String commandId, String target, boolean pause, boolean hold, String reason, String origin,
      ActorRef<Reply> replyTo) implements Command {}

  /** A live configuration update of one or more plugins ({@link Lifecycle#configure}): all of them, or none. */
  public record Configure(String commandId, List<SettingsUpdate> updates, String reason, String origin, ActorRef<Reply> replyTo)
      implements Command {
    public Configure {
      updates = List.copyOf(updates);
    }
  }

  public record GetState(ActorRef<RegistryState> replyTo) implements Command {}

  /** The writer's version only: what a view compares itself with to bound how long a lost notification lasts. */
  public record GetVersion(ActorRef<CurrentVersion> replyTo) implements Command {}

  public record CurrentVersion(long version) implements ArborSerializable {}


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

  /**
   * Published after every journal write: the events that took the registry from {@code fromVersion}
   * to {@code toVersion}, both included. After recovery it is published with no events and {@code
   * fromVersion = toVersion + 1}: nothing new, the writer stands at {@code toVersion}. Plain data, so
   * it can cross nodes; a view that finds a gap before {@code fromVersion} catches up.
   */
  public record Persisted(
      long fromVersion,
      long toVersion,
      // Typed per element here, not on RegistryEvent: journaled events must keep their format.
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
      @JsonSubTypes({
          @JsonSubTypes.Type(value = RegistryEvent.PluginRegistered.class, name = "registered"),
          @JsonSubTypes.Type(value = RegistryEvent.PluginRedeclared.class, name = "redeclared"),
          @JsonSubTypes.Type(value = RegistryEvent.StatusChanged.class, name = "status"),
          @JsonSubTypes.Type(value = RegistryEvent.PluginUnregistered.class, name = "unregistered"),
          @JsonSubTypes.Type(value = RegistryEvent.Paused.class, name = "paused"),
          @JsonSubTypes.Type(value = RegistryEvent.Resumed.class, name = "resumed"),
          @JsonSubTypes.Type(value = RegistryEvent.SettingsChanged.class, name = "settings")})
      List<RegistryEvent> events) implements ArborSerializable {
    public Persisted {
      events = List.copyOf(events);
    }
  }

  /** Where and how the registry is journaled ({@code arbor.registry} in the configuration). */
  public record Settings(
      String persistenceId, String journalPlugin, String snapshotPlugin, String readJournalPlugin, int snapshotEvery) {}

  private final Settings settings;
  private final ActorRef<Topic.Command<Persisted>> notifications;
  /** Who waits for the write in progress; a journal failure is told to them at once instead of leaving them to time out. */
  private ActorRef<Reply> writing;

  public static Behavior<Command> create(Settings settings, ActorRef<Topic.Command<Persisted>> notifications) {
    return new Registry(settings, notifications);
  }

  private Registry(Settings settings, ActorRef<Topic.Command<Persisted>> notifications) {
    // The database went away: restart and recover from the journal, backing off, instead of stopping.
    super(PersistenceId.ofUniqueId(settings.persistenceId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.settings = settings;
    this.notifications = notifications;
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
        .onCommand(Register.class, (state, command) -> alreadyApplied(state, command.commandId(),
                List.of(command.descriptor().name()), command.replyTo())
            .orElseGet(() -> decide(state,
                Lifecycle.register(state, command.descriptor(), stamp(command.origin(), command.commandId())), command.replyTo())))
        .onCommand(Change.class, (state, command) -> alreadyApplied(state, command.commandId(),
                named(state, command.target()), command.replyTo())
            .orElseGet(() -> decide(state, Lifecycle.apply(state, command.operation(), command.target(), command.reason(),
                stamp(command.origin(), command.commandId())), command.replyTo())))
        .onCommand(Install.class, (state, command) -> alreadyApplied(state, command.commandId(),
                command.plugins().stream().map(PluginDescriptor::name).toList(), command.replyTo())
            .orElseGet(() -> decide(state, Lifecycle.install(state, command.artifact(), command.plugins(), command.expectedVersion(),
                command.by(), stamp(command.origin(), command.commandId())), command.replyTo())))
        .onCommand(Uninstall.class, (state, command) -> alreadyApplied(state, command.commandId(),
                state.installation(command.artifact()).map(Installation::plugins).orElse(List.of()), command.replyTo())
            .orElseGet(() -> decide(state, Lifecycle.uninstall(state, command.artifact(), command.expectedVersion(),
                command.by(), stamp(command.origin(), command.commandId())), command.replyTo())))
        .onCommand(SetPaused.class, (state, command) -> alreadyApplied(state, command.commandId(), List.of(), command.replyTo())
            .orElseGet(() -> decide(state, Lifecycle.pause(state, command.target(), command.pause(), command.hold(), command.reason(),
                stamp(command.origin(), command.commandId())), command.replyTo())))
        .onCommand(Configure.class, (state, command) -> alreadyApplied(state, command.commandId(),
                command.updates().stream().map(SettingsUpdate::plugin).toList(), command.replyTo())
            .orElseGet(() -> decide(state, Lifecycle.configure(state, command.updates(), command.reason(),
                stamp(command.origin(), command.commandId())), command.replyTo())))
        .onCommand(GetVersion.class, (state, command) -> {
          command.replyTo().tell(new CurrentVersion(state.version()));
          return Effect().none();
        })
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
      notifications.tell(Topic.publish(new Persisted(before.version() + 1, after.version(), accepted.events())));
      replyTo.tell(new Accepted(records(before, after, accepted.touched()), after.version()));
    });
  }

  private static List<PluginRecord> records(RegistryState before, RegistryState after, List<String> names) {
    return names.stream()
        .map(name -> after.plugin(name).or(() -> before.plugin(name)))
        .flatMap(Optional::stream)
        .toList();
  }

  /** A command seen before is answered with the version it reached and its plugins as they are now; nothing is written. */
  private Optional<Effect<RegistryEvent, RegistryState>> alreadyApplied(
      RegistryState state, String commandId, List<String> names, ActorRef<Reply> replyTo) {
    return state.appliedCommand(commandId).map(version -> {
      replyTo.tell(new Accepted(records(state, state, names), version));
      return Effect().none();
    });
  }

  private static List<String> named(RegistryState state, Target target) {
    if (target instanceof Target.Plugin plugin) {
      return List.of(plugin.name());
    }
    if (target instanceof Target.Event event) {
      return state.pluginsOf(event.name()).stream().map(PluginRecord::name).toList();
    }
    return List.copyOf(state.plugins().keySet());
  }

  private static Stamp stamp(String origin, String commandId) {
    return new Stamp(Instant.now(), origin, () -> UUID.randomUUID().toString(), commandId);
  }

  @Override
  public EventHandler<RegistryState, RegistryEvent> eventHandler() {
    return (state, event) -> state.apply(event);
  }

  @Override
  public SignalHandler<RegistryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> notifications.tell(Topic.publish(new Persisted(state.version() + 1, state.version(), List.of()))))
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
