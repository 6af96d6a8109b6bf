package io.arbor.runtime.registry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An in-memory journal whose next writes can be made to fail the ways a database does, so a test
 * decides what the registry's journal does with one write. Its contents outlive an ActorSystem (they
 * are per persistence id, in this JVM), so a second Arbor cold-starts from them.
 */
public final class FaultyJournal extends AsyncWriteJournal {
  /** What the journal does with one write. */
  public enum Fault {
    /** Store it and say so. */
    OK,
    /** Store nothing and report a failure: Pekko's JournalPersistFailed. */
    FAIL,
    /** Store it, then report a failure, like a commit whose acknowledgement was lost. */
    STORE_THEN_FAIL,
    /** Refuse it before storing: Pekko's JournalPersistRejected. */
    REJECT,
    /** Never answer (until the journal's circuit breaker gives up on it). */
    HANG
  }

  private static final Map<String, List<PersistentRepr>> STORED = new ConcurrentHashMap<>();
  private static final Map<String, Deque<Fault>> NEXT = new ConcurrentHashMap<>();

  /** Configuration that journals the registry here; a hung write is failed by the circuit breaker after 2 s. */
  public static Config config() {
    return ConfigFactory.parseString("""
        arbor.registry.journal-plugin = "arbor-faulty-journal"
        arbor-faulty-journal {
          class = "io.arbor.runtime.registry.FaultyJournal"
          plugin-dispatcher = "pekko.actor.default-dispatcher"
          circuit-breaker { max-failures = 100, call-timeout = 2s, reset-timeout = 1s }
        }
        """);
  }

  /** The next writes for {@code persistenceId} do these, in order; later writes are stored normally. */
  private static final Set<String> HUNG = ConcurrentHashMap.newKeySet();

  /** Whether a write of {@code persistenceId} hangs now (a HANG fault was hit). */
  public static boolean hanging(String persistenceId) {
    return HUNG.contains(persistenceId);
  }

  public static void next(String persistenceId, Fault... faults) {
    NEXT.put(persistenceId, new ArrayDeque<>(List.of(faults)));
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> writes) {
    List<Optional<Exception>> results = new ArrayList<>();
    for (AtomicWrite write : writes) {
      Deque<Fault> faults = NEXT.get(write.persistenceId());
      Fault fault = faults == null || faults.isEmpty() ? Fault.OK : faults.poll();
      switch (fault) {
        case OK -> store(write);
        case FAIL -> {
          return Futures.failed(new IllegalStateException("test journal: the database went away"));
        }
        case STORE_THEN_FAIL -> {
          store(write);
          return Futures.failed(new IllegalStateException("test journal: the commit's acknowledgement was lost"));
        }
        case REJECT -> results.add(Optional.of(new IllegalArgumentException("test journal: refused before storing")));
        case HANG -> {
          HUNG.add(write.persistenceId());
          return Futures.<Iterable<Optional<Exception>>>promise().future();
        }
      }
      if (fault == Fault.OK) {
        results.add(Optional.empty());
      }
    }
    return Futures.successful(results);
  }

  private static void store(AtomicWrite write) {
    STORED.computeIfAbsent(write.persistenceId(), id -> new ArrayList<>()).addAll(CollectionConverters.asJava(write.payload()));
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return Futures.successful(null); // the registry's retention keeps every event
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId, long fromSequenceNr, long toSequenceNr, long max, Consumer<PersistentRepr> replay) {
    STORED.getOrDefault(persistenceId, List.of()).stream()
        .filter(event -> event.sequenceNr() >= fromSequenceNr && event.sequenceNr() <= toSequenceNr)
        .limit(max)
        .forEach(replay);
    return Futures.successful(null);
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    List<PersistentRepr> events = STORED.getOrDefault(persistenceId, List.of());
    return Futures.successful(events.isEmpty() ? 0L : events.get(events.size() - 1).sequenceNr());
  }
}
