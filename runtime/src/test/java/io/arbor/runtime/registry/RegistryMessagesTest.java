package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.appender;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry's commands and replies are plain data that could cross nodes: each goes through
 * Pekko's serializer and comes back equal, and a refusal comes back to the caller as the very
 * exception the rules raised.
 */
class RegistryMessagesTest {
  private static final ActorTestKit kit = ActorTestKit.create(Arbor.configuration(ConfigFactory.empty()));
  private static final Serialization serialization = SerializationExtension.get(kit.system());
  private static final ActorRef<Registry.Reply> REPLY_TO = kit.<Registry.Reply>createTestProbe().ref();
  private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static Stream<Object> messages() {
    PluginDescriptor descriptor = PluginDescriptor.builder("greet", TRAIL).priority(20).dependsOn("audit").extra("n", 5L).build();
    PluginRecord record = new PluginRecord("id-1", descriptor, PluginStatus.HELD, AT, AT);
    return Stream.of(
        new Registry.Register(descriptor, "node-a", REPLY_TO),
        new Registry.Change(Operation.STOP, Target.plugin("greet"), "operator: stop", "node-a", REPLY_TO),
        new Registry.Change(Operation.START, Target.event("trail"), "operator: start", "node-a", REPLY_TO),
        new Registry.Change(Operation.BOOT, Target.all(), "boot", "node-a", REPLY_TO),
        new Registry.Configure("command-1", List.of(new SettingsUpdate("greet", Map.of("n", 5L), Map.of("n", 6L, "hosts", List.of("a")),
            Map.of("n", 6L, "hosts", List.of("a"))), new SettingsUpdate("audit", Map.of(), null, null)), "operator: configure", "node-a",
            REPLY_TO),
        new Registry.GetState(kit.<RegistryState>createTestProbe().ref()),
        new Registry.Accepted(List.of(record), 7),
        new Registry.Rejected("dependencies_inactive", "Plugin 'greet' has dependencies that are not active: audit.",
            "greet", List.of("audit")),
        new Registry.WriteRejected("java.io.NotSerializableException: x"),
        new Registry.WriteFailed("java.sql.SQLException: gone"));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void everyCommandAndReplyGoesThroughTheSerializerAndComesBackEqual(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals(33, serializer.identifier(), "bound to jackson-cbor: " + serializer);
    byte[] bytes = serialization.serialize(message).get();
    assertEquals(message, serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get());
  }

  @ParameterizedTest
  @EnumSource(LifecycleException.Reason.class)
  void aRejectionCarriesTheRefusalAsDataAndRebuildsTheSameException(LifecycleException.Reason reason) {
    LifecycleException raised = new LifecycleException(reason, "greet", List.of("audit", "promo"), "why, for " + reason);

    Registry.Rejected reply = roundTrip(Registry.Rejected.of(raised));
    LifecycleException rebuilt = reply.toException();

    assertSameRefusal(raised, rebuilt);
  }

  @Test
  void aRefusalCodeThisNodeDoesNotKnowIsAClearError() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Registry.Rejected("from_the_future", "later", "greet", List.of()).toException());
    assertEquals("Unknown lifecycle refusal code 'from_the_future': later", error.getMessage());
  }

  /** What a user gets from the facade is what the rules decided, field by field. */
  @Test
  void theFacadeFailsWithTheRulesOwnRefusal() {
    try (Arbor arbor = Arbor.builder().config(TestArbor.inMemory()).event(TRAIL)
        .plugin(appender("audit", 10), appender("greet", 20, "audit")).start()) {
      await(arbor.stop("audit"));
      RegistryState state = await(arbor.registryState());
      Stamp stamp = new Stamp(AT, "node", () -> "id");

      assertRefusal(Lifecycle.apply(state, Operation.START, Target.plugin("greet"), "t", stamp), arbor.start("greet"));
      assertRefusal(Lifecycle.apply(state, Operation.STOP, Target.plugin("audit"), "t", stamp), arbor.stop("audit"));
      assertRefusal(Lifecycle.apply(state, Operation.START, Target.plugin("ghost"), "t", stamp), arbor.start("ghost"));
      assertRefusal(Lifecycle.apply(state, Operation.STOP, Target.event("none"), "t", stamp),
          arbor.apply(Operation.STOP, Target.event("none")));
      PluginDescriptor cyclic = PluginDescriptor.builder("audit", TRAIL).priority(10).dependsOn("greet").build();
      assertRefusal(Lifecycle.register(state, cyclic, stamp), arbor.register(appender(cyclic)));
    }
  }

  private static void assertRefusal(Lifecycle.Decision decided, CompletionStage<?> stage) {
    LifecycleException expected = assertInstanceOf(Lifecycle.Rejected.class, decided).error();
    ExecutionException failed = assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertSameRefusal(expected, assertInstanceOf(LifecycleException.class, failed.getCause()));
  }

  private static void assertSameRefusal(LifecycleException expected, LifecycleException actual) {
    Function<LifecycleException, List<Object>> fields =
        error -> List.of(error.code(), error.reason(), error.getMessage(), error.subject(), error.plugins());
    assertEquals(fields.apply(expected), fields.apply(actual));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    Serializer serializer = serialization.findSerializerFor(value);
    byte[] bytes = serialization.serialize(value).get();
    return (T) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
  }
}
