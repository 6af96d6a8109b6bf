package io.arbor.runtime.registry;

import static io.arbor.runtime.registry.LifecycleTest.descriptor;
import static io.arbor.runtime.registry.LifecycleTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.arbor.runtime.Arbor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The registry state's indexes follow every kind of event, and its snapshot keeps its shape. */
class RegistryStateTest {
  private static final ActorTestKit kit = ActorTestKit.create(Arbor.configuration(ConfigFactory.empty()));
  private static final Instant AT = Instant.parse("2026-01-03T00:00:00Z");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void eventAndDependentIndexesFollowRegistrationRedeclarationAndUnregistration() {
    RegistryState state = RegistryState.EMPTY
        .apply(new RegistryEvent.PluginRegistered(record("a", "e1", PluginStatus.STARTED), "registered", AT, "n"))
        .apply(new RegistryEvent.PluginRegistered(record("b", "e1", PluginStatus.STARTED, "a"), "registered", AT, "n"))
        .apply(new RegistryEvent.PluginRegistered(record("c", "e2", PluginStatus.HELD, "a", "ghost"), "registered", AT, "n"));
    assertEquals(List.of("a", "b"), names(state.pluginsOf("e1")));
    assertEquals(Set.of("b", "c"), state.dependentsOf("a"));
    assertEquals(Set.of("c"), state.dependentsOf("ghost"));
    assertEquals(Set.of("e1", "e2"), state.events());

    // b moves to e2 and now depends on c instead of a
    state = state.apply(new RegistryEvent.PluginRedeclared("b", descriptor("b", "e2", "c"), "redeclared", AT, "n"));
    assertEquals(List.of("a"), names(state.pluginsOf("e1")));
    assertEquals(List.of("b", "c"), names(state.pluginsOf("e2")));
    assertEquals(Set.of("c"), state.dependentsOf("a"));
    assertEquals(Set.of("b"), state.dependentsOf("c"));

    state = state.apply(new RegistryEvent.PluginUnregistered("a", "operator", AT, "n"));
    assertEquals(List.of(), state.pluginsOf("e1"));
    assertEquals(Set.of("e2"), state.events());
    assertEquals(Set.of("c"), state.dependentsOf("a")); // c still names a: a dependency may be unknown
    assertEquals(5, state.version());
  }

  @Test
  void aStatusChangeKeepsTheIndexesAndTheEarlierStateUntouched() {
    RegistryState before = new RegistryState(Map.of("a", record("a", "e", PluginStatus.STARTED)), 3);
    RegistryState after = before.apply(new RegistryEvent.StatusChanged("a", PluginStatus.STARTED, PluginStatus.STOPPED, "op", AT, "n"));
    assertEquals(PluginStatus.STARTED, before.plugin("a").orElseThrow().status());
    assertEquals(PluginStatus.STOPPED, after.plugin("a").orElseThrow().status());
    assertEquals(List.of("a"), names(after.pluginsOf("e")));
  }

  @Test
  void aSnapshotHoldsPluginsVersionCommandsAndPausesAndRebuildsTheIndexes() throws Exception {
    ObjectMapper mapper = JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-json", Optional.empty());
    RegistryState state = new RegistryState(Map.of(
        "a", record("a", "e", PluginStatus.STARTED), "b", record("b", "f", PluginStatus.STARTED, "a")), 9);
    JsonNode json = mapper.valueToTree(state);
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("commands", "holding", "paused", "plugins", "version"), fields.stream().sorted().toList());

    RegistryState recovered = mapper.treeToValue(json, RegistryState.class);
    assertEquals(state, recovered);
    ((ObjectNode) json).remove("paused"); // a snapshot written before pauses existed
    ((ObjectNode) json).remove("holding");
    assertEquals(Set.of(), mapper.treeToValue(json, RegistryState.class).paused());
    assertEquals(Set.of("b"), recovered.dependentsOf("a"));
    assertEquals(List.of("b"), names(recovered.pluginsOf("f")));
  }

  @Test
  void itRemembersTheLastThousandCommandsThroughASnapshot() throws Exception {
    RegistryState state = new RegistryState(Map.of("a", record("a", "e", PluginStatus.STARTED)), 0);
    for (int i = 0; i < RegistryState.RECENT_COMMANDS + 5; i++) {
      PluginStatus from = i % 2 == 0 ? PluginStatus.STARTED : PluginStatus.STOPPED;
      PluginStatus to = i % 2 == 0 ? PluginStatus.STOPPED : PluginStatus.STARTED;
      state = state.apply(new RegistryEvent.StatusChanged("a", from, to, false, "op", AT, "n", "command-" + i));
    }
    assertEquals(RegistryState.RECENT_COMMANDS, state.commands().size());
    assertEquals(Optional.empty(), state.appliedCommand("command-4"), "the oldest are forgotten");
    assertEquals(Optional.of(6L), state.appliedCommand("command-5"));
    assertEquals(Optional.empty(), state.appliedCommand(null));

    ObjectMapper mapper = JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-json", Optional.empty());
    RegistryState recovered = mapper.treeToValue(mapper.valueToTree(state), RegistryState.class);
    assertEquals(Optional.of(1005L), recovered.appliedCommand("command-1004"));
    assertEquals(state, recovered);
  }

  private static List<String> names(List<PluginRecord> records) {
    return records.stream().map(PluginRecord::name).toList();
  }
}
