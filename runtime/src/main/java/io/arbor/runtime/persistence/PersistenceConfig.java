package io.arbor.runtime.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fills in what {@code arbor.persistence} leaves as {@code auto}: the JDBC driver and Slick profile
 * follow from the URL, so switching from the embedded H2 to PostgreSQL is one setting. It also makes
 * an H2 file durable: H2 writes commits to its file up to half a second late by default, so a process
 * killed right after an acknowledged change would lose it; {@code WRITE_DELAY=0} is added unless the
 * URL sets it. {@code RETENTION_TIME=0} is added too (unless set), so the file reuses freed space at
 * once and stays small; see {@link #h2FileSettings}.
 */
public final class PersistenceConfig {
  private static final String SLICK = "pekko-persistence-jdbc.shared-databases.slick";

  private record Dialect(String urlPrefix, String driver, String profile) {}

  private static final Dialect[] DIALECTS = {
    new Dialect("jdbc:h2:", "org.h2.Driver", "slick.jdbc.H2Profile$"),
    new Dialect("jdbc:postgresql:", "org.postgresql.Driver", "slick.jdbc.PostgresProfile$"),
  };

  private PersistenceConfig() {}

  /** How to reach the journal's database, from a completed configuration. */
  public record Database(String url, String user, String password) {}

  public static Database database(Config completed) {
    return new Database(completed.getString(SLICK + ".db.url"), completed.getString(SLICK + ".db.user"),
        completed.getString(SLICK + ".db.password"));
  }

  /** {@code config} with the driver and profile resolved; unchanged where they were set explicitly. */
  public static Config complete(Config config) {
    // Written explicitly rather than left to reference.conf: when two libraries' reference.conf set
    // the same key, the one earlier on the class path wins, and pekko-persistence-jdbc's own defaults
    // (no shared database, 20 connections) would otherwise win whenever its jar comes first.
    String url = h2FileSettings(config.getString("arbor.persistence.url"));
    int connections = config.getInt("arbor.persistence.max-connections");
    Map<String, Object> settings = new HashMap<>();
    settings.put("jdbc-journal.use-shared-db", "slick");
    settings.put("jdbc-snapshot-store.use-shared-db", "slick");
    settings.put("jdbc-read-journal.use-shared-db", "slick");
    settings.put(SLICK + ".db.url", url);
    settings.put(SLICK + ".db.user", config.getString("arbor.persistence.user"));
    settings.put(SLICK + ".db.password", config.getString("arbor.persistence.password"));
    settings.put(SLICK + ".db.numThreads", connections);
    settings.put(SLICK + ".db.maxConnections", connections);
    settings.put(SLICK + ".db.minConnections", 1);
    settings.put(SLICK + ".db.driver", config.getString("arbor.persistence.driver"));
    settings.put(SLICK + ".profile", config.getString("arbor.persistence.slick-profile"));
    if (config.getStringList("pekko.loggers").equals(List.of("org.apache.pekko.event.Logging$DefaultLogger"))) {
      settings.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
      settings.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
    }
    return completeDriver(ConfigFactory.parseMap(settings).withFallback(config), url);
  }

  /**
   * An H2 database on disk (not in memory, not a server) gets WRITE_DELAY=0 unless the URL sets it,
   * so that a commit is in the file when it is acknowledged, and RETENTION_TIME=0 unless it sets it, so
   * that the space of chunks no commit needs any more is reused at once instead of after H2's default
   * 45 s (at about 1,450 changes a second that alone was a gigabyte). H2's own open can miss the newest
   * commit after a kill once space is reused; {@link H2CrashRecovery} finds it before H2 opens the file.
   * The retention H2 keeps by default guards against an operating system writing the file out of order
   * in a power failure, which WRITE_DELAY=0 without a sync per commit does not survive anyway.
   */
  static String h2FileSettings(String url) {
    if (!isH2File(url)) {
      return url;
    }
    String upper = url.toUpperCase(Locale.ROOT);
    String durable = upper.contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
    return upper.contains("RETENTION_TIME") ? durable : durable + ";RETENTION_TIME=0";
  }

  /** An H2 database this process opens on disk: not in memory, not on a server. */
  static boolean isH2File(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    return upper.startsWith("JDBC:H2:") && !upper.startsWith("JDBC:H2:MEM:")
        && !upper.startsWith("JDBC:H2:TCP:") && !upper.startsWith("JDBC:H2:SSL:");
  }

  private static Config completeDriver(Config config, String url) {
    String driver = config.getString(SLICK + ".db.driver");
    String profile = config.getString(SLICK + ".profile");
    if (!driver.equals("auto") && !profile.equals("auto")) {
      return config;
    }
    Dialect dialect = dialectOf(url);
    Map<String, Object> resolved = Map.of(
        SLICK + ".db.driver", driver.equals("auto") ? dialect.driver() : driver,
        SLICK + ".profile", profile.equals("auto") ? dialect.profile() : profile);
    return ConfigFactory.parseMap(resolved).withFallback(config);
  }

  /** Fails with a clear message when an ActorSystem's configuration was not {@link #complete completed}. */
  public static void requireComplete(Config config) {
    if (!config.getString("jdbc-journal.use-shared-db").equals("slick")
        || config.getString(SLICK + ".profile").equals("auto") || config.getString(SLICK + ".db.driver").equals("auto")) {
      throw new IllegalStateException(
          "The ActorSystem's configuration leaves arbor.persistence.driver or slick-profile as 'auto'. "
              + "Create the system with Arbor.configuration(yourConfig), or set both explicitly.");
    }
  }

  private static Dialect dialectOf(String url) {
    for (Dialect dialect : DIALECTS) {
      if (url.startsWith(dialect.urlPrefix())) {
        return dialect;
      }
    }
    throw new IllegalArgumentException(
        "arbor.persistence.url '" + url + "' is neither H2 (jdbc:h2:) nor PostgreSQL (jdbc:postgresql:); "
            + "set arbor.persistence.driver and slick-profile explicitly for other databases.");
  }
}
