package io.arbor.plugin;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A plugin's key-value store shared by every node of the cluster, for small state (a few thousand
 * short entries): Pekko Distributed Data, one last-writer-wins map per plugin. Values are strings
 * (JSON, say), so that every node reads them whatever its classes.
 *
 * <p>Consistency: eventual. A write is applied on this node at once and reaches the others by
 * gossip, within about {@code pekko.cluster.distributed-data.gossip-interval} (2 s by default), or
 * is sent to a majority before it completes when {@code arbor.store.write-consistency = majority};
 * a read answers from this node's replica unless {@code arbor.store.read-consistency = majority}.
 * Concurrent writes of one key on two nodes converge to the later one (by wall clock). {@link
 * #putIfAbsent} decides against the replica it reads, so two nodes racing on the same key can both
 * see it absent: it is not a lock. A stage fails with the reason when the consistency asked for
 * cannot be reached within {@code arbor.store.timeout}; the write may still arrive later.
 */
public interface ReplicatedStore {

  CompletionStage<Optional<String>> get(String key);

  CompletionStage<Void> put(String key, String value);

  /** Sets {@code key} only if the replica it reads holds nothing for it; true if it did so. */
  CompletionStage<Boolean> putIfAbsent(String key, String value);

  /** Removes {@code key}; true if the replica it read held a value. */
  CompletionStage<Boolean> delete(String key);

  /** A store over one local {@link PluginStore}: what a node without a cluster, and a unit test, get. */
  static ReplicatedStore of(PluginStore local) {
    Objects.requireNonNull(local, "local");
    return new ReplicatedStore() {
      @Override
      public CompletionStage<Optional<String>> get(String key) {
        return CompletableFuture.completedFuture(local.get(key).map(String.class::cast));
      }

      @Override
      public CompletionStage<Void> put(String key, String value) {
        local.put(key, value);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Boolean> putIfAbsent(String key, String value) {
        return CompletableFuture.completedFuture(local.putIfAbsent(key, value));
      }

      @Override
      public CompletionStage<Boolean> delete(String key) {
        return CompletableFuture.completedFuture(local.delete(key));
      }
    };
  }
}
