package io.arbor.runtime.registry;

import static io.arbor.runtime.TestArbor.TRAIL;
import static io.arbor.runtime.TestArbor.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.RestartStrategy;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.TestArbor;
import io.arbor.runtime.registry.LifecycleChange.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Descriptors as the journal holds them: one journaled before durations had a maximum (a timeout of
 * {@code FOREVER} passed then) still recovers, clamped to the maxima, instead of failing the
 * registry's recovery at every start; a damaged setting is refused, never coerced. A whole registry
 * journal written by an older Arbor recovers to the same plugins and the same history.
 */
class JournalRecoveryTest {
  private static final ActorTestKit kit = ActorTestKit.create(Arbor.configuration(ConfigFactory.empty()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static final ObjectMapper mapper =
      JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-cbor", Optional.of(new CBORFactory()));
  private static final Serialization serialization = SerializationExtension.get(kit.system());

  @Test
  void durationsBeyondTodaysMaximaInAnOldJournalAreClampedOnRecovery() throws Exception {
    Duration forever = ChronoUnit.FOREVER.getDuration();
    ObjectNode journaled = mapper.valueToTree(PluginDescriptor.builder("old", "trail").build());
    // What today's code can no longer declare, as a journal written before the limits holds it.
    journaled.set("timeout", mapper.valueToTree(forever));
    ((ObjectNode) journaled.get("restart")).set("within", mapper.valueToTree(forever));

    PluginDescriptor recovered = mapper.readValue(mapper.writeValueAsBytes(journaled), PluginDescriptor.class);

    assertEquals(PluginDescriptor.MAX_TIMEOUT, recovered.timeout());
    assertEquals(RestartStrategy.MAX_WITHIN, recovered.restart().within());
  }

  @Test
  void aSettingThatDoesNotMatchItsTypeTagIsRefusedNotCoerced() throws Exception {
    ObjectNode journaled = mapper.valueToTree(PluginDescriptor.builder("old", "trail").extra("n", 5).build());
    ArrayNode extra = (ArrayNode) journaled.get("extra"); // [format, {key: {type: value}}]
    ((ObjectNode) extra.get(1)).set("n", mapper.createObjectNode().put("int", "five"));

    JsonMappingException error = assertThrows(JsonMappingException.class,
        () -> mapper.readValue(mapper.writeValueAsBytes(journaled), PluginDescriptor.class));
    assertTrue(error.getMessage().contains("tagged 'int' holds STRING"), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void releasedTravelsThroughTheJournalsSerializerAsWritten(boolean released) throws IOException {
    // The legacy reason text on both: the field decides, the reason never does once the field is there.
    RegistryEvent.StatusChanged change = new RegistryEvent.StatusChanged("greet", PluginStatus.HELD, PluginStatus.RESTARTED,
        released, Lifecycle.RELEASED, Instant.parse("2024-05-01T10:00:00Z"), "node-a");

    Serializer serializer = serialization.findSerializerFor(change);
    assertEquals(33, serializer.identifier(), "journaled with jackson-cbor: " + serializer);
    byte[] bytes = serialization.serialize(change).get();
    assertEquals(released, mapper.readTree(bytes).get("released").asBoolean(), "the journal holds the field itself");
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, change)).get();

    assertEquals(change, back);
    assertEquals(released ? Kind.RELEASED : Kind.RESTARTED, LifecycleChange.of(1, change, "trail", PluginStatus.HELD).kind());
  }

  @Test
  void anOldStatusChangedWithoutTheFieldIsAReleaseExactlyWhenItsReasonIsTheOldReleaseText() throws Exception {
    Map<Long, RegistryEvent.StatusChanged> old = new HashMap<>();
    for (String[] row : fixtureRows("/journal/registry-before-released-field.txt")) {
      byte[] bytes = Base64.getDecoder().decode(row[3]);
      assertFalse(mapper.readTree(bytes).has("released"), "the fixture predates the field");
      if (serialization.deserialize(bytes, Integer.parseInt(row[1]), row[2]).get() instanceof RegistryEvent.StatusChanged change) {
        old.put(Long.parseLong(row[0]), change);
      }
    }
    assertTrue(old.get(12L).released(), "greet held to restarted by the cascade: " + old.get(12L));
    assertFalse(old.get(11L).released(), "audit restarted by the operator's enable: " + old.get(11L));
    assertFalse(old.get(14L).released(), "promo restarted by the operator's restart: " + old.get(14L));
    assertEquals(1, old.values().stream().filter(RegistryEvent.StatusChanged::released).count());
  }

  /** The fixture's plugins and ids, as the older Arbor that wrote it journaled them. */
  private static final Map<String, String> FIXTURE_IDS = Map.of(
      "audit", "06e135bf-8ceb-4d3f-9856-04aae9004a70",
      "greet", "6bbe877b-8a6b-490a-8ab1-b984396fe4b8",
      "vip", "137d478c-1037-4997-aa41-fd3b8e35e642");

  @Test
  void aRegistryJournalWrittenBeforeTheReleasedFieldRecoversWithItsStatusesAndHistory(@TempDir Path directory)
      throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("arbor").toAbsolutePath();
    List<String[]> rows = fixtureRows("/journal/registry-before-released-field.txt");
    insertIntoFreshJournal(url, "arbor-registry-fixture", rows);

    try (Arbor arbor = Arbor.builder().config(TestArbor.database(url, "sa", "arbor-registry-fixture")).event(TRAIL).start()) {
      RegistryState state = await(arbor.registryState());
      assertEquals(rows.size(), state.version());
      assertEquals(FIXTURE_IDS.keySet(), state.plugins().keySet(), "promo was unregistered");
      assertEquals(PluginStatus.RESTARTED, state.plugin("audit").orElseThrow().status());
      assertEquals(PluginStatus.STOPPED, state.plugin("greet").orElseThrow().status());
      assertEquals(PluginStatus.HELD, state.plugin("vip").orElseThrow().status(), "vip waits for the unregistered promo");
      assertEquals(25, state.plugin("greet").orElseThrow().descriptor().priority(), "the redeclared priority");
      FIXTURE_IDS.forEach((name, id) -> assertEquals(id, state.plugin(name).orElseThrow().id(), name));
      state.plugins().values().forEach(record -> assertNull(record.artifact(), "journaled before installs: the application's code"));
      assertTrue(state.installations().isEmpty());

      List<LifecycleChange> history = await(arbor.history());
      assertEquals(LongStream.rangeClosed(1, rows.size()).boxed().toList(),
          history.stream().map(LifecycleChange::version).toList());
      assertEquals(List.of(
              "REGISTERED audit", "STARTED audit", "REGISTERED greet", "STARTED greet",
              "REGISTERED promo", "STARTED promo", "REGISTERED vip", "STARTED vip",
              "STOPPED audit", "HELD greet", "RESTARTED audit", "RELEASED greet", "REDECLARED greet",
              "RESTARTED promo", "UNREGISTERED promo", "HELD vip", "STOPPED greet"),
          history.stream().map(change -> change.kind() + " " + change.plugin()).toList(),
          "greet's release from hold is still a release; the operator's enable and restart are not");

      // Today's events follow the old ones in the same journal: an operator's enable, not a release.
      await(arbor.enable("greet"));
      LifecycleChange enabled = last(await(arbor.history()));
      assertEquals(rows.size() + 1, enabled.version());
      assertEquals(Kind.RESTARTED, enabled.kind());
    }
  }

  private static LifecycleChange last(List<LifecycleChange> history) {
    return history.get(history.size() - 1);
  }

  /** {@code <sequence number> <serializer id> <manifest> <payload, base64>} per line, comments skipped. */
  private static List<String[]> fixtureRows(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = JournalRecoveryTest.class.getResourceAsStream(resource)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(line.split(" "));
        }
      }
    }
    return rows;
  }

  /** The rows as pekko-persistence-jdbc stores them, in a database with its own schema and nothing else. */
  private static void insertIntoFreshJournal(String url, String persistenceId, List<String[]> rows) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
      String schema;
      try (InputStream in = JournalRecoveryTest.class.getResourceAsStream("/schema/h2/h2-create-schema.sql")) {
        schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (String statement : schema.split(";")) {
        if (!statement.isBlank()) {
          connection.createStatement().execute(statement);
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO \"event_journal\" (\"persistence_id\", "
          + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_ser_id\", "
          + "\"event_ser_manifest\", \"event_payload\") VALUES (?, ?, 'fixture', 0, '', ?, ?, ?)")) {
        for (String[] row : rows) {
          insert.setString(1, persistenceId);
          insert.setLong(2, Long.parseLong(row[0]));
          insert.setInt(3, Integer.parseInt(row[1]));
          insert.setString(4, row[2]);
          insert.setBytes(5, Base64.getDecoder().decode(row[3]));
          insert.executeUpdate();
        }
      }
    }
  }
}
