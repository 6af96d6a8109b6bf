package io.arbor.runtime.install;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Changes one byte of a stored artifact behind the store's back. */
final class DatabaseDamage {
  private DatabaseDamage() {}

  static void flipAByte(String url, String user, String password, String sha256) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      byte[] bytes;
      try (PreparedStatement select = connection.prepareStatement("SELECT content FROM arbor_artifact WHERE sha256 = ?")) {
        select.setString(1, sha256);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          bytes = row.getBytes(1);
        }
      }
      bytes[bytes.length / 2] ^= 1;
      try (PreparedStatement update = connection.prepareStatement("UPDATE arbor_artifact SET content = ? WHERE sha256 = ?")) {
        update.setBytes(1, bytes);
        update.setString(2, sha256);
        update.executeUpdate();
      }
    }
  }
}
