package io.arbor.runtime.registry;

import io.arbor.runtime.ArborException;
import java.time.Duration;

/**
 * A lifecycle change was journaled, but this node's chains did not reflect it in time. The change
 * stands (it is in the journal); calls on this node may not show it yet.
 */
public final class ChainsLaggingException extends ArborException {
  ChainsLaggingException(long version, Duration timeout) {
    super("The change was journaled as registry version " + version + ", but this node's chains did not reflect it within "
        + timeout.toMillis() + " ms.");
  }

  @Override
  public String code() {
    return "chains_lagging";
  }
}
