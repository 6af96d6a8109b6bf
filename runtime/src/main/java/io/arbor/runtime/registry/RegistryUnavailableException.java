package io.arbor.runtime.registry;

import io.arbor.runtime.ArborException;
import java.time.Duration;

/**
 * The registry's writer did not answer in time, typically because its database is unreachable or,
 * on a cluster, because the writer (the cluster singleton) is moving to another node. A lifecycle
 * change that fails with it was not sent: nothing was changed. Writes succeed again by themselves
 * once the writer answers.
 */
public final class RegistryUnavailableException extends ArborException {
  public RegistryUnavailableException(Duration timeout, Throwable cause) {
    super("The registry did not answer within " + timeout.toMillis() + " ms (is the database reachable? on a cluster, is"
        + " the registry's writer moving to another node?); nothing was changed", cause);
  }

  /** This node's own copy of the registry could not answer (a read, not a change). */
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "registry_unavailable";
  }
}
