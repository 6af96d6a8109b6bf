package io.arbor.runtime.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The registry version this node's chains reflect, as {@link RegistryView} advances it; lifecycle
 * commands wait on it to acknowledge. Waiting and advancing cost O(log w) in the number of waiters,
 * never anything in proportion to the registry or the events declared.
 */
public final class AppliedVersion {
  private long applied = -1;
  /** Waiters by the version they wait for. */
  private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();

  /** Completes once this node's chains reflect registry version {@code version} or later. */
  public CompletableFuture<Void> await(long version) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (applied < version) {
        waiters.computeIfAbsent(version, v -> new ArrayList<>()).add(done);
        done.whenComplete((result, error) -> forget(version, done));
        return done;
      }
    }
    done.complete(null);
    return done;
  }

  /** The version this node's chains reflect; -1 before the first. */
  public synchronized long current() {
    return applied;
  }

  void advance(long version) {
    List<CompletableFuture<Void>> reached = new ArrayList<>();
    synchronized (this) {
      if (version <= applied) {
        return;
      }
      applied = version;
      Map<Long, List<CompletableFuture<Void>>> due = waiters.headMap(version, true);
      due.values().forEach(reached::addAll);
      due.clear();
    }
    reached.forEach(done -> done.complete(null)); // outside the lock: completions run callers' code
  }

  private synchronized void forget(long version, CompletableFuture<Void> done) {
    List<CompletableFuture<Void>> list = waiters.get(version);
    if (list != null && list.remove(done) && list.isEmpty()) {
      waiters.remove(version);
    }
  }
}
