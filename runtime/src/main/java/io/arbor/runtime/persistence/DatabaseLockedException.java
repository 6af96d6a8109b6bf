package io.arbor.runtime.persistence;

import io.arbor.runtime.ArborException;
import java.nio.file.Path;

/**
 * The embedded H2 file is held by another process, typically a second Arbor started in the same
 * working directory on the default {@code arbor.persistence.url}. H2 lets one process open a file.
 */
public final class DatabaseLockedException extends ArborException {
  private final Path file;

  DatabaseLockedException(Path file, Throwable cause) {
    super("The database file " + file + " is locked by another process (is another Arbor running in this directory?). "
        + "Give each process a database of its own: set arbor.persistence.url (or the environment variable ARBOR_DB_URL), "
        + "for example to jdbc:h2:file:./arbor-data/other, or share one PostgreSQL database.", cause);
    this.file = file;
  }

  /** The locked file. */
  public Path file() {
    return file;
  }

  @Override
  public String code() {
    return "database_locked";
  }
}
