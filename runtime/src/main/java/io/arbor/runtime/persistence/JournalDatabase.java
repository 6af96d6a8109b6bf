package io.arbor.runtime.persistence;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.h2.api.ErrorCode;

/**
 * The journal's database as Arbor holds it while it runs. {@link #open} connects once before any
 * actor starts, so a database Arbor cannot use fails the start at once with a typed error naming it,
 * instead of the registry's recovery waiting out {@code arbor.startup-timeout}. An H2 file that was
 * not closed cleanly is first searched for its newest commit (see {@link H2CrashRecovery}), and is
 * then kept compact for as long as Arbor runs (see {@link H2Compaction}).
 */
public final class JournalDatabase implements AutoCloseable {
  private static final String DB = "pekko-persistence-jdbc.shared-databases.slick.db";

  /** Null unless the database is an H2 file. */
  private final H2Compaction compaction;

  private JournalDatabase(H2Compaction compaction) {
    this.compaction = compaction;
  }

  /** Connects to the database of {@code system}'s completed configuration; throws what went wrong, typed. */
  public static JournalDatabase open(ActorSystem<?> system) {
    Config config = system.settings().config();
    String url = config.getString(DB + ".url");
    Duration timeout = config.getDuration("arbor.persistence.connect-timeout");
    if (PersistenceConfig.isH2File(url)) {
      H2CrashRecovery.recoverIfUnclean(h2File(url));
    }
    Connection connection = connect(url, config.getString(DB + ".user"), config.getString(DB + ".password"), timeout);
    if (!PersistenceConfig.isH2File(url)) {
      close(connection);
      return new JournalDatabase(null);
    }
    try {
      return new JournalDatabase(H2Compaction.start(connection, config.getDuration("arbor.persistence.h2-compaction-interval"),
          system.scheduler(), system.dispatchers().lookup(DispatcherSelector.blocking())));
    } catch (SQLException | RuntimeException e) {
      close(connection);
      throw new DatabaseUnavailableException(redacted(url), e.toString(), e);
    }
  }

  private static Connection connect(String url, String user, String password, Duration timeout) {
    // Bounded here rather than by each driver's own settings: a host that drops packets would
    // otherwise hold the start for the driver's connect timeout, or forever.
    ExecutorService connector = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "arbor-database-connect");
      thread.setDaemon(true);
      return thread;
    });
    Future<Connection> attempt = connector.submit(() -> DriverManager.getConnection(url, user, password));
    try {
      return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw refused(url, e.getCause());
    } catch (TimeoutException e) {
      attempt.cancel(true);
      throw new DatabaseUnavailableException(redacted(url),
          "no answer within " + timeout.toMillis() + " ms (arbor.persistence.connect-timeout); is the host reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatabaseUnavailableException(redacted(url), "interrupted while connecting", e);
    } finally {
      connector.shutdown();
    }
  }

  private static RuntimeException refused(String url, Throwable cause) {
    // Only an embedded file is this process's to name: an H2 server (tcp:, ssl:) reports its own lock, in its message.
    if (cause instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1 && PersistenceConfig.isH2File(url)) {
      return new DatabaseLockedException(h2File(url), cause);
    }
    return new DatabaseUnavailableException(redacted(url), String.valueOf(cause.getMessage()), cause);
  }

  /** The {@code .mv.db} file an H2 file URL names, resolved as H2 does (relative to the working directory, ~ is home). */
  static Path h2File(String url) {
    String name = url.substring("jdbc:h2:".length()).replaceFirst("^(file|nio|async):", "").split(";", 2)[0];
    if (name.startsWith("~")) {
      name = System.getProperty("user.home") + name.substring(1);
    }
    return Path.of(name + ".mv.db").toAbsolutePath().normalize();
  }

  /** {@code url} with any password parameter masked, fit for error messages and logs. */
  static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // nothing was written on it; the journal's pool has connections of its own
    }
  }

  @Override
  public void close() {
    if (compaction != null) {
      compaction.close();
    }
  }
}
