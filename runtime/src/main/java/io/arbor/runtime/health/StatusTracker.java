package io.arbor.runtime.health;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's status as it moves: starting, running, draining, stopping or failed, each change with
 * its time and reason, logged. Paused is not kept here: it is the registry's (a pause of the whole
 * runtime, made through any node), read when the status is asked for.
 */
public final class StatusTracker {
  private static final Logger log = LoggerFactory.getLogger(StatusTracker.class);

  /** A status, since when, and why. */
  public record Change(NodeStatus status, Instant since, String reason) {}

  private final Clock clock;
  private volatile Change current;
  private volatile Change lastError;

  public StatusTracker(Clock clock) {
    this.clock = clock;
    this.current = new Change(NodeStatus.STARTING, clock.instant(), "init");
  }

  public Change current() {
    return current;
  }

  /** The last change to {@link NodeStatus#FAILED}, or null. */
  public Change lastError() {
    return lastError;
  }

  /**
   * Moves to {@code status}; a node that stops or failed stays so (a late drain changes nothing, and
   * the actors stopping after a close are no failure).
   */
  public synchronized void moveTo(NodeStatus status, String reason) {
    Change before = current;
    if (before.status() == status || before.status() == NodeStatus.FAILED || before.status() == NodeStatus.STOPPING) {
      return;
    }
    current = new Change(status, clock.instant(), reason);
    if (status == NodeStatus.FAILED) {
      lastError = current;
      log.error("Node status: {} -> FAILED: {}", before.status(), reason);
    } else {
      log.info("Node status: {} -> {}: {}", before.status(), status, reason);
    }
  }
}
