package io.arbor.runtime.registry;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Reads the registry's journal back: the activity history of every plugin (what changed, when, why,
 * on which node). The journal is the source of truth, so this works on any node and after restarts.
 */
public final class RegistryJournal {
  private final ActorSystem<?> system;
  private final Registry.Settings settings;

  public RegistryJournal(ActorSystem<?> system, Registry.Settings settings) {
    this.system = system;
    this.settings = settings;
  }

  /** Every lifecycle change ever journaled, oldest first. */
  public CompletionStage<List<LifecycleChange>> history() {
    return events(1, Long.MAX_VALUE).thenApply(events -> new LifecycleHistory(RegistryState.EMPTY).replay(events));
  }

  /**
   * The journaled events that produced registry versions {@code from} to {@code to}, both included,
   * oldest first (the registry's version is its journal's sequence number).
   */
  public CompletionStage<List<RegistryEvent>> events(long from, long to) {
    JdbcReadJournal journal = PersistenceQuery.get(Adapter.toClassic(system))
        .getReadJournalFor(JdbcReadJournal.class, settings.readJournalPlugin());
    return journal.currentEventsByPersistenceId(settings.persistenceId(), from, to)
        .map(envelope -> (RegistryEvent) envelope.event())
        .runWith(Sink.seq(), system);
  }
}
