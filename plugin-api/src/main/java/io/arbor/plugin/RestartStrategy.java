package io.arbor.plugin;

import java.time.Duration;

/**
 * How a plugin's actor is restarted after a failure, and when to give up. A plugin that fails more
 * than {@code maxRestarts} times within {@code within} is marked failed and leaves the chain until an
 * operator restarts it.
 *
 * @param within positive, at most {@link #MAX_WITHIN}
 * @param backoffMin zero for an immediate restart; otherwise restarts wait from this delay up to
 *     {@code backoffMax}, doubling with each recent failure. Calls that reach the plugin meanwhile
 *     skip it and report it unavailable.
 * @param backoffMax at least {@code backoffMin}, at most {@link #MAX_BACKOFF}
 */
public record RestartStrategy(int maxRestarts, Duration within, Duration backoffMin, Duration backoffMax) {
  /**
   * The longest window: "at most n failures a month" is the longest rule worth counting (beyond it,
   * stop the plugin); a finite bound also keeps the restart arithmetic in nanoseconds safe.
   */
  public static final Duration MAX_WITHIN = Duration.ofDays(30);
  /** The longest wait before a restart: a plugin meant to stay down longer should be stopped instead. */
  public static final Duration MAX_BACKOFF = Duration.ofDays(1);
  // After the maxima, which its validation reads.
  public static final RestartStrategy DEFAULT = immediate(10, Duration.ofMinutes(1));

  /**
   * Durations beyond their maxima are clamped here, not refused, so that a strategy journaled before
   * the limits existed still recovers; {@link #immediate} and {@link #backoff} refuse them, so a
   * declaration cannot ask for one.
   */
  public RestartStrategy {
    if (maxRestarts < 0) {
      throw new InvalidDescriptorException("restart.maxRestarts", "must be 0 or more (was " + maxRestarts + ")");
    }
    within = clamped("restart.within", within, MAX_WITHIN);
    backoffMin = atMost(InvalidDescriptorException.requireNonNull("restart.backoffMin", backoffMin), MAX_BACKOFF);
    backoffMax = atMost(InvalidDescriptorException.requireNonNull("restart.backoffMax", backoffMax), MAX_BACKOFF);
    if (backoffMin.isNegative() || backoffMax.compareTo(backoffMin) < 0) {
      throw new InvalidDescriptorException(
          "restart.backoff", "needs 0 <= backoffMin <= backoffMax (was " + backoffMin + ", " + backoffMax + ")");
    }
  }

  /** Restart at once, at most {@code maxRestarts} times within {@code within}. */
  public static RestartStrategy immediate(int maxRestarts, Duration within) {
    requireBetween("restart.within", within, MAX_WITHIN);
    return new RestartStrategy(maxRestarts, within, Duration.ZERO, Duration.ZERO);
  }

  /** Restart after a growing delay, at most {@code maxRestarts} times within {@code within}. */
  public static RestartStrategy backoff(int maxRestarts, Duration within, Duration min, Duration max) {
    requireBetween("restart.within", within, MAX_WITHIN);
    requireBetween("restart.backoffMin", min, MAX_BACKOFF);
    requireAtMost("restart.backoffMax", InvalidDescriptorException.requireNonNull("restart.backoffMax", max), MAX_BACKOFF);
    return new RestartStrategy(maxRestarts, within, min, max);
  }

  public boolean hasBackoff() {
    return !backoffMin.isZero();
  }

  private static Duration requirePositive(String field, Duration value) {
    if (InvalidDescriptorException.requireNonNull(field, value).isZero() || value.isNegative()) {
      throw new InvalidDescriptorException(field, "must be a positive duration (was " + value + ")");
    }
    return value;
  }

  static Duration requireBetween(String field, Duration value, Duration max) {
    return requireAtMost(field, requirePositive(field, value), max);
  }

  /** A positive {@code value}, at most {@code max}. */
  static Duration clamped(String field, Duration value, Duration max) {
    return atMost(requirePositive(field, value), max);
  }

  private static Duration atMost(Duration value, Duration max) {
    return value.compareTo(max) > 0 ? max : value;
  }

  private static Duration requireAtMost(String field, Duration value, Duration max) {
    if (value.compareTo(max) > 0) {
      throw new InvalidDescriptorException(field, "must be at most " + max + " (was " + value + ")");
    }
    return value;
  }
}
