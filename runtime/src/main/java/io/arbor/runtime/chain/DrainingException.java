package io.arbor.runtime.chain;

import io.arbor.runtime.ArborException;

/** A call reached a node that is draining before it stops: it admits no new call. No plugin ran. */
public final class DrainingException extends ArborException {
  public DrainingException(String event) {
    super("The call to '" + event + "' was refused: this node is draining before it stops (send it to another node).");
  }

  @Override
  public String code() {
    return "draining";
  }
}
