package io.arbor.runtime.chain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls to one paused event held until it is resumed: at most {@code limit} of them, each for at
 * most {@code timeout}, released in the order they came. Only paused calls come here, so its lock
 * is never on the path of an admitted call.
 */
final class HeldCalls {
  /** A held call: what it would have started with, and when it gives up. */
  record Held(Object state, CallOptions options, ReplySink sink, long deadlineNanos) {}

  private final ArrayDeque<Held> queue = new ArrayDeque<>();
  private final int limit;
  private final Duration timeout;

  HeldCalls(int limit, Duration timeout) {
    this.limit = limit;
    this.timeout = timeout;
  }

  /** Holds a call; false when {@code limit} calls are held already. */
  synchronized boolean hold(Object state, CallOptions options, ReplySink sink) {
    if (queue.size() >= limit) {
      return false;
    }
    queue.add(new Held(state, options, sink, System.nanoTime() + timeout.toNanos()));
    return true;
  }

  /** Every held call, oldest first; none is held afterwards. */
  synchronized List<Held> releaseAll() {
    List<Held> released = new ArrayList<>(queue);
    queue.clear();
    return released;
  }

  /** The held calls past their deadline at {@code now}, removed. */
  synchronized List<Held> expired(long now) {
    List<Held> expired = new ArrayList<>();
    while (!queue.isEmpty() && queue.peekFirst().deadlineNanos() - now <= 0) {
      expired.add(queue.pollFirst());
    }
    return expired;
  }

  int limit() {
    return limit;
  }

  Duration timeout() {
    return timeout;
  }
}
