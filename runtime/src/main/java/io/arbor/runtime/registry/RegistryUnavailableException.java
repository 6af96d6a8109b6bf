package io.arbor.runtime.registry;

import io.arbor.runtime.ArborException;
import java.time.Duration;

/** The registry did not answer a query in time, typically because its database is unreachable. */
public final class RegistryUnavailableException extends ArborException {
  public RegistryUnavailableException(Duration timeout, Throwable cause) {
    super("The registry did not answer within " + timeout.toMillis() + " ms; is the database reachable?", cause);
  }

  @Override
  public String code() {
    return "registry_unavailable";
  }
}
