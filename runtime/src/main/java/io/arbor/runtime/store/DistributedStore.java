package io.arbor.runtime.store;

import io.arbor.plugin.ReplicatedStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * One plugin's {@link ReplicatedStore}: a last-writer-wins map of Pekko Distributed Data under the
 * key {@code arbor-store-<plugin>}, read and written through the node's replicator with the
 * consistency of {@link StoreSettings}.
 */
final class DistributedStore implements ReplicatedStore {
  private final Key<LWWMap<String, String>> key;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final ActorSystem<?> system;
  private final StoreSettings settings;

  DistributedStore(ActorSystem<?> system, String plugin, StoreSettings settings) {
    this.key = LWWMapKey.create("arbor-store-" + plugin);
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    this.system = system;
    this.settings = settings;
  }

  @Override
  public CompletionStage<Optional<String>> get(String key) {
    Objects.requireNonNull(key, "key");
    return read().thenApply(map -> Optional.ofNullable(map.getEntries().get(key)));
  }

  @Override
  public CompletionStage<Void> put(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return update(map -> map.put(self, key, value)).thenApply(done -> null);
  }

  @Override
  public CompletionStage<Boolean> putIfAbsent(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    AtomicBoolean put = new AtomicBoolean();
    return update(map -> {
      put.set(!map.contains(key));
      return put.get() ? map.put(self, key, value) : map;
    }).thenApply(done -> put.get());
  }

  @Override
  public CompletionStage<Boolean> delete(String key) {
    Objects.requireNonNull(key, "key");
    AtomicBoolean removed = new AtomicBoolean();
    return update(map -> {
      removed.set(map.contains(key));
      return removed.get() ? map.remove(self, key) : map;
    }).thenApply(done -> removed.get());
  }

  /** Removes every entry (the plugin was unregistered): the key itself stays usable for a later plugin of the name. */
  CompletionStage<Void> clear() {
    return update(map -> {
      LWWMap<String, String> cleared = map;
      for (String entry : map.getEntries().keySet()) {
        cleared = cleared.remove(self, entry);
      }
      return cleared;
    }).thenApply(done -> null);
  }

  private CompletionStage<LWWMap<String, String>> read() {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, String>>>ask(replicator,
            replyTo -> new Replicator.Get<>(key, readConsistency(), replyTo), waitFor(), system.scheduler())
        .thenCompose(response -> {
          if (response instanceof Replicator.GetSuccess<LWWMap<String, String>> found) {
            return CompletableFuture.completedFuture(found.get(key));
          }
          if (response instanceof Replicator.NotFound) {
            return CompletableFuture.completedFuture(LWWMap.create());
          }
          return CompletableFuture.failedFuture(new IllegalStateException(
              "the replicated store could not read " + settings.read().name().toLowerCase() + " replicas within "
                  + settings.timeout().toMillis() + " ms (" + response.getClass().getSimpleName() + ")"));
        });
  }

  private CompletionStage<Void> update(UnaryOperator<LWWMap<String, String>> modify) {
    return AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, String>>>ask(replicator,
            replyTo -> new Replicator.Update<>(key, LWWMap.create(), writeConsistency(), replyTo, modify::apply),
            waitFor(), system.scheduler())
        .thenCompose(response -> response instanceof Replicator.UpdateSuccess
            ? CompletableFuture.<Void>completedFuture(null)
            : CompletableFuture.failedFuture(new IllegalStateException(
                "the replicated store could not write " + settings.write().name().toLowerCase() + " replicas within "
                    + settings.timeout().toMillis() + " ms (" + response.getClass().getSimpleName()
                    + "); the write is applied on this node and may still reach the others")));
  }

  /** The ask waits a little longer than the replicator, so that its own timeout answers first. */
  private Duration waitFor() {
    return settings.timeout().plusSeconds(1);
  }

  private Replicator.ReadConsistency readConsistency() {
    return switch (settings.read()) {
      case LOCAL -> Replicator.readLocal();
      case MAJORITY -> new Replicator.ReadMajority(settings.timeout());
      case ALL -> new Replicator.ReadAll(settings.timeout());
    };
  }

  private Replicator.WriteConsistency writeConsistency() {
    return switch (settings.write()) {
      case LOCAL -> Replicator.writeLocal();
      case MAJORITY -> new Replicator.WriteMajority(settings.timeout());
      case ALL -> new Replicator.WriteAll(settings.timeout());
    };
  }
}
