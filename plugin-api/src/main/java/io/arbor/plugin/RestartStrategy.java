package io.arbor.plugin;

import java.time.Duration;
import java.util.Objects;

/**
 * How a plugin's actor is restarted after a failure, and when to give up. A plugin that fails more
 * than {@code maxRestarts} times within {@code within} is marked failed and leaves the chain until an
 * operator restarts it.
 *
 * @param backoffMin zero for an immediate restart; otherwise restarts wait from this delay up to
 *     {@code backoffMax}, doubling with each recent failure. Calls that reach the plugin meanwhile
 *     skip it and report it unavailable.
 */
public record RestartStrategy(int maxRestarts, Duration within, Duration backoffMin, Duration backoffMax) {
  public static final RestartStrategy DEFAULT = immediate(10, Duration.ofMinutes(1));

  public RestartStrategy {
    if (maxRestarts < 0) {
      throw new InvalidDescriptorException("restart.maxRestarts", "must be 0 or more (was " + maxRestarts + ")");
    }
    requirePositive("restart.within", within);
    Objects.requireNonNull(backoffMin, "backoffMin");
    Objects.requireNonNull(backoffMax, "backoffMax");
    if (backoffMin.isNegative() || backoffMax.compareTo(backoffMin) < 0) {
      throw new InvalidDescriptorException(
          "restart.backoff", "needs 0 <= backoffMin <= backoffMax (was " + backoffMin + ", " + backoffMax + ")");
    }
  }

  /** Restart at once, at most {@code maxRestarts} times within {@code within}. */
  public static RestartStrategy immediate(int maxRestarts, Duration within) {
    return new RestartStrategy(maxRestarts, within, Duration.ZERO, Duration.ZERO);
  }

  /** Restart after a growing delay, at most {@code maxRestarts} times within {@code within}. */
  public static RestartStrategy backoff(int maxRestarts, Duration within, Duration min, Duration max) {
    requirePositive("restart.backoffMin", min);
    return new RestartStrategy(maxRestarts, within, min, max);
  }

  public boolean hasBackoff() {
    return !backoffMin.isZero();
  }

  static Duration requirePositive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new InvalidDescriptorException(field, "must be a positive duration (was " + value + ")");
    }
    return value;
  }
}
