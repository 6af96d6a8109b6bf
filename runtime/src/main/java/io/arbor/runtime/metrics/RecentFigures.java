package io.arbor.runtime.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last few intervals of each plugin's or event's figures, from the running totals sampled at
 * the end of each interval: what the panel's charts draw. Pure: the caller samples on its schedule.
 */
public final class RecentFigures {
  /** Running totals at one moment; {@code timedNanos} is the total time of the {@code timed} calls. */
  public record Totals(long calls, long failures, long halts, long timed, double timedNanos) {
    /** The mean time of the timed calls in milliseconds, or null when none was timed. */
    public Double meanMillis() {
      return timed <= 0 ? null : timedNanos / timed / 1_000_000.0;
    }
  }

  /**
   * One interval, ended at {@code at}.
   *
   * @param meanMillis the mean time of the calls timed in it, or null when none was
   */
  public record Interval(Instant at, long calls, long failures, long halts, Double meanMillis) {}

  private static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

  private final int keep;
  private final Map<String, Totals> last = new HashMap<>();
  private final Map<String, Deque<Interval>> intervals = new HashMap<>();

  /** Keeps the last {@code keep} intervals of each key. */
  public RecentFigures(int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be positive (was " + keep + ")");
    }
    this.keep = keep;
  }

  /** The interval of {@code key} that ends {@code at} with {@code now}; a key's totals start at zero. */
  public synchronized void sample(String key, Totals now, Instant at) {
    Totals before = last.getOrDefault(key, ZERO);
    last.put(key, now);
    // A key whose meters were replaced (re-registered) starts again from zero: no negative interval.
    Totals in = new Totals(Math.max(0, now.calls() - before.calls()), Math.max(0, now.failures() - before.failures()),
        Math.max(0, now.halts() - before.halts()), now.timed() - before.timed(), now.timedNanos() - before.timedNanos());
    Deque<Interval> recent = intervals.computeIfAbsent(key, ignored -> new ArrayDeque<>());
    recent.addLast(new Interval(at, in.calls(), in.failures(), in.halts(), in.meanMillis()));
    while (recent.size() > keep) {
      recent.removeFirst();
    }
  }

  /** The intervals of {@code key}, oldest first. */
  public synchronized List<Interval> recent(String key) {
    Deque<Interval> recent = intervals.get(key);
    return recent == null ? List.of() : List.copyOf(recent);
  }

  /** Forgets {@code key}: it is gone (a plugin unregistered). */
  public synchronized void forget(String key) {
    last.remove(key);
    intervals.remove(key);
  }
}
