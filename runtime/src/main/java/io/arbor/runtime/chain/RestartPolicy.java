package io.arbor.runtime.chain;

import io.arbor.plugin.RestartStrategy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A plugin's {@link RestartStrategy} applied to its failures: after each failure, restart now, restart
 * after a backoff, or give up because it failed more than {@code maxRestarts} times within {@code
 * within}. Plain logic, fed with the time, so it is tested without actors or clocks.
 */
final class RestartPolicy {
  sealed interface Decision {}

  record Restart(Duration after) implements Decision {}

  record GiveUp(int failures, Duration within) implements Decision {}

  private final RestartStrategy strategy;
  private final Deque<Long> failures = new ArrayDeque<>();

  RestartPolicy(RestartStrategy strategy) {
    this.strategy = strategy;
  }

  Decision onFailure(long nowNanos) {
    long window = strategy.within().toNanos();
    while (!failures.isEmpty() && nowNanos - failures.peekFirst() >= window) {
      failures.removeFirst();
    }
    failures.addLast(nowNanos);
    int recent = failures.size();
    if (recent > strategy.maxRestarts()) {
      return new GiveUp(recent, strategy.within());
    }
    if (!strategy.hasBackoff()) {
      return new Restart(Duration.ZERO);
    }
    // Doubling from backoffMin for each recent failure, capped at backoffMax (and never overflowing).
    long max = strategy.backoffMax().toNanos();
    long delay = strategy.backoffMin().toNanos();
    for (int i = 1; i < recent && delay < max; i++) {
      delay = delay > max / 2 ? max : delay * 2;
    }
    return new Restart(Duration.ofNanos(Math.min(delay, max)));
  }
}
