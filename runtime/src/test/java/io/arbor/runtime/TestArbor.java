package io.arbor.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.EventType;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared helpers for tests that run a real Arbor. */
public final class TestArbor {
  public static final EventType<String> TRAIL = EventType.of("trail", String.class);
  public static final Duration WAIT = Duration.ofSeconds(20);

  private TestArbor() {}

  /** A private in-memory H2 journal, so tests never see each other's plugins. */
  public static Config inMemory() {
    return database("jdbc:h2:mem:arbor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
  }

  public static Config database(String url, String user) {
    return database(url, user, "arbor-registry-" + UUID.randomUUID());
  }

  public static Config database(String url, String user, String persistenceId) {
    return ConfigFactory.parseMap(Map.of(
        "arbor.persistence.url", url,
        "arbor.persistence.user", user,
        "arbor.discover-plugins", "off",
        "arbor.registry.persistence-id", persistenceId));
  }

  /** A plugin that appends its name to the trail. */
  public static PluginDefinition<String> appender(String name, int priority, String... dependsOn) {
    return appender(PluginDescriptor.builder(name, TRAIL).priority(priority).dependsOn(dependsOn).build());
  }

  public static PluginDefinition<String> appender(PluginDescriptor descriptor) {
    return PluginDefinition.of(descriptor, () -> (state, context) -> Step.next(state + ">" + descriptor.name()));
  }

  public static <S> PluginDefinition<S> plugin(PluginDescriptor descriptor, Plugin<S> sharedInstance) {
    return PluginDefinition.of(descriptor, () -> sharedInstance);
  }

  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  public static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + WAIT + ": " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
