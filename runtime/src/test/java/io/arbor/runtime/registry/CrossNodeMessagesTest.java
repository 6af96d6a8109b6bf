package io.arbor.runtime.registry;

import static io.arbor.runtime.registry.LifecycleTest.descriptor;
import static io.arbor.runtime.registry.LifecycleTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message that crosses nodes (to and from the registry's singleton, between views, on the
 * notification topic) goes through Pekko's serialization as Arbor's Jackson binding, and comes back equal.
 */
class CrossNodeMessagesTest {
  private static final ActorTestKit kit = ActorTestKit.create(Arbor.configuration(ConfigFactory.empty()));
  private static final Serialization serialization = SerializationExtension.get(kit.system());
  private static final Instant AT = Instant.parse("2026-01-05T00:00:00Z");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static Stream<Object> messages() {
    ActorRef<Registry.Reply> replies = kit.createTestProbe(Registry.Reply.class).getRef();
    PluginRecord record = record("p", "e", PluginStatus.STARTED, "q");
    Artifact artifact = new Artifact("greeter", "1.2.0", "a".repeat(64), List.of("b".repeat(64)));
    PluginRecord installed = new PluginRecord("id-i", descriptor("i", "e"), PluginStatus.STARTED, AT, AT, artifact);
    List<RegistryEvent> events = List.of(
        new RegistryEvent.PluginRegistered(record, "registered", AT, "n"),
        new RegistryEvent.PluginRedeclared("p", descriptor("p", "e2"), "redeclared", AT, "n"),
        new RegistryEvent.StatusChanged("p", PluginStatus.STARTED, PluginStatus.HELD, "held", AT, "n"),
        new RegistryEvent.StatusChanged("p", PluginStatus.HELD, PluginStatus.RESTARTED, true, "released", AT, "n", "command-1"),
        new RegistryEvent.PluginUnregistered("p", "operator", AT, "n"),
        new RegistryEvent.PluginRegistered(installed, "installed with greeter-1.2.0", AT, "n", "command-2"),
        new RegistryEvent.PluginRedeclared("i", descriptor("i", "e"), "upgraded to greeter-1.2.0", AT, "n", "command-3", artifact),
        new RegistryEvent.Paused("e", "operator: pause event 'e'", AT, "n", "command-7"),
        new RegistryEvent.Paused("e", "operator: pause event 'e', holding its calls", AT, "n", "command-9", true),
        new RegistryEvent.Resumed(Pause.ALL, "operator: resume the whole runtime", AT, "n", null));
    return Stream.of(
        new Registry.Register(descriptor("p", "e", "q"), "node-a", replies),
        new Registry.Change(Operation.STOP, Target.plugin("p"), "operator: stop", "node-a", replies),
        new Registry.Change(Operation.START, Target.event("e"), "operator: start", "node-a", replies),
        new Registry.Change(Operation.RESTART, Target.all(), "operator: restart", "node-a", replies),
        new Registry.Install("command-4", artifact, List.of(descriptor("i", "e"), descriptor("j", "e", "i")), "1.1.0", "node-a", replies,
            "operator (admin API, 10.0.0.5)"),
        new Registry.Install("command-5", artifact, List.of(descriptor("i", "e")), null, "node-a", replies, null),
        new Registry.Uninstall("command-6", "greeter", "1.2.0", "node-a", replies, "operator (admin API, 10.0.0.5)"),
        new RegistryState(Map.of("i", installed), 4),
        new RegistryState(Map.of("i", installed), 6, Map.of("command-7", 5L), List.of("e", Pause.ALL), List.of("e")),
        new Registry.SetPaused("command-8", "e", true, true, "operator: pause event 'e', holding its calls", "node-a", replies),
        new Registry.GetState(kit.createTestProbe(RegistryState.class).getRef()),
        new Registry.GetVersion(kit.createTestProbe(Registry.CurrentVersion.class).getRef()),
        new Registry.CurrentVersion(42),
        new Registry.Accepted(List.of(record), 42),
        Registry.Rejected.of(LifecycleException.pluginNotFound("p")),
        new Registry.Rejected("dependency_cycle", "Dependency cycle detected: a -> b -> a", "a", List.of("a", "b", "a")),
        new Registry.WriteRejected("the journal refused it"),
        new Registry.WriteFailed("the database went away"),
        new Registry.Persisted(5, 8, events),
        new Registry.Persisted(9, 8, List.of()),
        new RegistryState(Map.of("p", record), 3),
        new RegistryView.GetVersion(kit.createTestProbe(RegistryView.Version.class).getRef()),
        new RegistryView.AwaitApplied(7, kit.createTestProbe(RegistryView.Version.class).getRef()),
        new RegistryView.Version("pekko://arbor@127.0.0.1:25520", 7, 6));
  }

  /** A node that predates the install's {@code by} sends the command without it: it decodes, with nobody named. */
  @Test
  void anInstallCommandFromANodeBeforeTheByFieldDecodesWithoutIt() throws Exception {
    ActorRef<Registry.Reply> replies = kit.createTestProbe(Registry.Reply.class).getRef();
    Registry.Uninstall current = new Registry.Uninstall("command-7", "greeter", "1.2.0", "node-a", replies, "operator (x)");
    Serializer serializer = serialization.findSerializerFor(current);
    CBORMapper cbor = new CBORMapper();
    ObjectNode fields = (ObjectNode) cbor.readTree(serialization.serialize(current).get());
    assertEquals("operator (x)", fields.remove("by").asText());
    Object older = serialization.deserialize(cbor.writeValueAsBytes(fields), serializer.identifier(),
        Serializers.manifestFor(serializer, current)).get();
    assertEquals(new Registry.Uninstall("command-7", "greeter", "1.2.0", "node-a", replies, null), older);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("messages")
  void eachComesBackEqualThroughArborsJacksonBinding(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    assertEquals(33, serializer.identifier(), "bound to jackson-cbor, not Java serialization: " + serializer);
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    assertEquals(message, back);
  }
}
