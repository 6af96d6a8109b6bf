package io.arbor.runtime.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * Keeps an embedded H2 file as small as what it holds. H2 2.x writes every commit as a new chunk and
 * rewrites the chunks that are mostly dead only in its background writer thread, which runs only when
 * {@code WRITE_DELAY} is above 0; Arbor's durable {@code WRITE_DELAY=0} switches it off, and the file
 * then grew by about 20 KB per journal write. So Arbor does that housekeeping itself: every interval in
 * which something was written, it rewrites the live pages of chunks under {@link #TARGET_FILL_RATE}
 * percent full (the space they leave is reused at once: Arbor sets RETENTION_TIME=0, see
 * {@link PersistenceConfig#h2FileSettings}). Chunks are never moved while Arbor runs: H2 may then not
 * find the newest commit after a crash. Nothing is deleted; the journal keeps the whole activity history.
 */
final class H2Compaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);
  /** H2's own default (AUTO_COMPACT_FILL_RATE). */
  private static final int TARGET_FILL_RATE = 90;
  /** At most this many bytes rewritten a pass (writers wait for it), as H2's own compaction does. */
  private static final int MAX_PASS_BYTES = 16 << 20;

  private final Connection connection;
  private final MVStore store;
  private final Cancellable schedule;
  private long compactedVersion = -1;
  private boolean closed;

  private H2Compaction(Connection connection, Duration interval, Scheduler scheduler, ExecutionContext executor) throws SQLException {
    this.connection = connection;
    this.store = ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
    this.schedule = scheduler.scheduleWithFixedDelay(interval, interval, this::pass, executor);
  }

  /** Compacts the file behind {@code connection} (an embedded H2 one) every {@code interval}, on {@code executor}. */
  static H2Compaction start(Connection connection, Duration interval, Scheduler scheduler, ExecutionContext executor) throws SQLException {
    return new H2Compaction(connection, interval, scheduler, executor);
  }

  private synchronized void pass() {
    if (closed || store.isClosed() || store.getCurrentVersion() == compactedVersion) {
      return;
    }
    try {
      store.compact(TARGET_FILL_RATE, MAX_PASS_BYTES);
      compactedVersion = store.getCurrentVersion();
    } catch (RuntimeException e) { // an exception would end the schedule; the next pass tries again
      log.warn("Compacting the H2 database file failed; it may grow until the next pass", e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    schedule.cancel();
    try {
      connection.close(); // the last connection to close closes the database, which compacts it once more
    } catch (SQLException e) {
      log.warn("Closing the H2 compaction's connection failed", e);
    }
  }
}
