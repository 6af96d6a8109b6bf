package io.arbor.runtime;

import static io.arbor.runtime.Stages.unwrap;

import io.arbor.plugin.PluginDefinition;
import io.arbor.runtime.catalog.PluginCatalog;
import io.arbor.runtime.registry.LifecycleException;
import io.arbor.runtime.registry.PluginRecord;
import io.arbor.runtime.registry.RegistryClient;
import io.arbor.runtime.registry.WriteFailedException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;

/**
 * A plugin's code and its descriptor registered together: the code goes into this node's catalog
 * first, so the chain rebuilt from the new record starts the new code at once, then the descriptor
 * to the registry.
 */
final class Registration {
  private final PluginCatalog catalog;
  private final RegistryClient registry;
  /** Rebuilds one event's chain even when the registry did not change (code may have arrived for a known plugin). */
  private final Function<String, CompletionStage<Done>> refresh;
  private final Executor executor;

  Registration(PluginCatalog catalog, RegistryClient registry, Function<String, CompletionStage<Done>> refresh,
      Executor executor) {
    this.catalog = catalog;
    this.registry = registry;
    this.refresh = refresh;
    this.executor = executor;
  }

  /**
   * At run time: completes once the plugin's chain reflects the registration. One that surely wrote
   * nothing puts the previous code back; one that may have landed keeps the new code.
   */
  CompletionStage<PluginRecord> register(PluginDefinition<?> definition) {
    String event = definition.descriptor().event();
    Optional<PluginCatalog.Code> previous = catalog.add(definition);
    return registered(definition)
        .exceptionallyComposeAsync(error -> {
          if (!(unwrap(error) instanceof LifecycleException || unwrap(error) instanceof WriteFailedException)) {
            return CompletableFuture.failedFuture(unwrap(error)); // the write may have landed (or did, if only the chains lag)
          }
          catalog.restore(definition.name(), previous);
          return refresh.apply(event).thenCompose(done -> CompletableFuture.failedFuture(unwrap(error)));
        }, executor)
        .thenComposeAsync(records -> refresh.apply(event).thenApply(done -> records.get(0)), executor);
  }

  /** At start: nothing to put back, since a refused registration fails the start, which shuts everything down. */
  CompletionStage<List<PluginRecord>> atStart(PluginDefinition<?> definition) {
    catalog.add(definition);
    return registered(definition);
  }

  private CompletionStage<List<PluginRecord>> registered(PluginDefinition<?> definition) {
    return registry.register(definition.descriptor()).whenComplete((records, error) -> catalog.settled(definition.name()));
  }
}
