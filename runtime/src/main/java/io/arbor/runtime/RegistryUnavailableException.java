package io.arbor.runtime;

import java.time.Duration;

/** The registry did not answer in time, typically because its database is unreachable. Nothing was acknowledged. */
public final class RegistryUnavailableException extends ArborException {
  RegistryUnavailableException(Duration timeout, Throwable cause) {
    super("The registry did not answer within " + timeout.toMillis()
        + " ms; is the database reachable? The change was not acknowledged and may or may not have been applied.", cause);
  }

  @Override
  public String code() {
    return "registry_unavailable";
  }
}
