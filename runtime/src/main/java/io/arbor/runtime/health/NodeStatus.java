package io.arbor.runtime.health;

/** What this node is doing (Malla's running status), as {@code Arbor.info()} reports it. */
public enum NodeStatus {
  /** Recovering the registry, declaring events and registering plugins: not serving yet. */
  STARTING,
  /** Serving calls. */
  RUNNING,
  /** Serving, but the whole runtime is paused: every call is refused as {@code paused}. */
  PAUSED,
  /** Admitting no new call while the calls running finish: about to stop. */
  DRAINING,
  /** Closed, or closing: Arbor's actors stop. */
  STOPPING,
  /** Arbor's actors stopped on their own (see the reason): nothing is served any more. */
  FAILED;

  /** Live: the process is worth keeping (everything but failed). */
  public boolean live() {
    return this != FAILED;
  }

  /** Ready for calls: running, not paused or draining. */
  public boolean ready() {
    return this == RUNNING;
  }
}
