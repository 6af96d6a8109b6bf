package io.arbor.runtime.persistence;

import io.arbor.runtime.ArborException;

/** Arbor could not connect to its database at start: wrong URL, host down, port closed, refused login. */
public final class DatabaseUnavailableException extends ArborException {
  DatabaseUnavailableException(String redactedUrl, String reason, Throwable cause) {
    super("Cannot connect to the database " + redactedUrl + " (arbor.persistence.url): " + reason, cause);
  }

  @Override
  public String code() {
    return "database_unavailable";
  }
}
