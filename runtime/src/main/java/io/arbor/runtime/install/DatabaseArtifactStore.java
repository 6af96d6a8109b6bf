package io.arbor.runtime.install;

import io.arbor.runtime.install.InstallException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Artifacts in the journal's database (the default: every node already reaches it), one row per
 * SHA-256 in table {@code arbor_artifact}, created when missing. Each call opens its own connection:
 * installs are rare, and the journal's pool stays the journal's.
 */
public final class DatabaseArtifactStore implements ArtifactStore {
  private final String url;
  private final String user;
  private final String password;
  /** The table exists: created on first use, so an application that never installs never gets it. */
  private volatile boolean created;

  public DatabaseArtifactStore(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  private void createTableOnce(Connection connection) throws SQLException {
    if (created) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      String bytes = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres") ? "BYTEA" : "BLOB";
      statement.execute("CREATE TABLE IF NOT EXISTS arbor_artifact (sha256 CHAR(64) PRIMARY KEY, name VARCHAR(100) NOT NULL,"
          + " version VARCHAR(128) NOT NULL, size BIGINT NOT NULL, content " + bytes + " NOT NULL,"
          + " stored_at TIMESTAMP NOT NULL)");
    } catch (SQLException e) {
      // PostgreSQL's IF NOT EXISTS is not safe against another node creating the table at the same moment.
      try (Statement probe = connection.createStatement()) {
        probe.execute("SELECT 1 FROM arbor_artifact WHERE 1 = 0");
      } catch (SQLException stillMissing) {
        throw e;
      }
    }
    created = true;
  }

  @Override
  public String put(Path jar, String name, String version) {
    String sha256 = ArtifactStore.sha256(jar);
    try (Connection connection = connect()) {
      if (exists(connection, sha256)) {
        return sha256;
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO arbor_artifact (sha256, name, version, size, content, stored_at) VALUES (?, ?, ?, ?, ?, ?)");
           InputStream in = Files.newInputStream(jar)) {
        insert.setString(1, sha256);
        insert.setString(2, name);
        insert.setString(3, version);
        insert.setLong(4, Files.size(jar));
        insert.setBinaryStream(5, in, Files.size(jar));
        insert.setTimestamp(6, Timestamp.from(Instant.now()));
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!exists(connection, sha256)) { // another node stored the same bytes first: fine
          throw e;
        }
      }
      return sha256;
    } catch (SQLException e) {
      throw failed("store the artifact", e);
    } catch (IOException e) {
      throw failed("move the artifact", e);
    }
  }

  @Override
  public Optional<Path> copyTo(String sha256, Path target) {
    try (Connection connection = connect();
         PreparedStatement select = connection.prepareStatement("SELECT content FROM arbor_artifact WHERE sha256 = ?")) {
      String address = SourcePolicy.admitSha256(sha256);
      select.setString(1, address);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        try (InputStream in = row.getBinaryStream(1)) {
          return Optional.of(ArtifactStore.verifiedCopy(in, address, target));
        }
      }
    } catch (SQLException e) {
      throw failed("read the artifact", e);
    } catch (IOException e) {
      throw failed("move the artifact", e);
    }
  }

  @Override
  public boolean delete(String sha256) {
    try (Connection connection = connect();
         PreparedStatement delete = connection.prepareStatement("DELETE FROM arbor_artifact WHERE sha256 = ?")) {
      delete.setString(1, SourcePolicy.admitSha256(sha256));
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failed("delete the artifact", e);
    }
  }

  private static boolean exists(Connection connection, String sha256) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM arbor_artifact WHERE sha256 = ?")) {
      select.setString(1, sha256);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, user, password);
    try {
      createTableOnce(connection);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static InstallException failed(String what, Exception e) {
    return new InstallException(Reason.STORE_UNAVAILABLE, "store", "Cannot " + what + " in the database: " + e.getMessage(), e);
  }
}
