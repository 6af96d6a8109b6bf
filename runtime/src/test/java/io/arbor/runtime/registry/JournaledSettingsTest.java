package io.arbor.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.runtime.Arbor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Settings through the journal's real serializer: each shape comes back equal and of its declared class. */
class JournaledSettingsTest {
  private static final ActorTestKit kit = ActorTestKit.create(Arbor.configuration(ConfigFactory.empty()));
  private static final Serialization serialization = SerializationExtension.get(kit.system());
  private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("string", "ada"),
        Arguments.of("empty string", ""),
        Arguments.of("boolean", true),
        Arguments.of("int", 5),
        Arguments.of("negative int", Integer.MIN_VALUE),
        Arguments.of("small long", 5L),
        Arguments.of("large long", Long.MAX_VALUE),
        Arguments.of("double", 0.1),
        Arguments.of("whole double", 5.0),
        Arguments.of("non-finite double", Double.NaN),
        Arguments.of("list of strings", List.of("ada", "grace")),
        Arguments.of("empty list", List.of()),
        Arguments.of("mixed list", List.of(1, 2L, 3.0, "four", false)),
        Arguments.of("map", Map.of("port", 8080, "host", "a")),
        Arguments.of("empty map", Map.of()),
        Arguments.of("nesting", Map.of("hosts", List.of(Map.of("name", "a", "weight", 2L)), "limits", Map.of("rate", 0.5))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void eachShapeComesBackExactlyFromEventsAndSnapshots(String shape, Object value) {
    PluginDescriptor declared = PluginDescriptor.builder("configured", "e").extra("k", value).build();
    PluginRecord record = new PluginRecord("id-1", declared, PluginStatus.STARTED, AT, AT);

    List<PluginDescriptor> recovered = List.of(
        roundTrip(new RegistryEvent.PluginRegistered(record, "registered", AT, "node")).record().descriptor(),
        roundTrip(new RegistryEvent.PluginRedeclared("configured", declared, "redeclared", AT, "node")).descriptor(),
        roundTrip(new RegistryState(Map.of("configured", record), 1)).plugins().get("configured").descriptor());
    for (PluginDescriptor descriptor : recovered) {
      assertEquals(declared, descriptor, shape);
      assertSameClasses(value, descriptor.extra().get("k"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void eachShapeComesBackExactlyAsARuntimeOverride(String shape, Object value) {
    Map<String, Object> override = Map.of("k", value);
    PluginDescriptor declared = PluginDescriptor.builder("configured", "e").extra("k", "declared").build();
    PluginRecord record = new PluginRecord("id-1", declared, PluginStatus.STARTED, AT, AT, null, override);
    RegistryEvent.SettingsChanged changed = new RegistryEvent.SettingsChanged("configured", override, Map.of("k", value), "operator",
        AT, "node", "command-1");

    RegistryEvent.SettingsChanged back = roundTrip(changed);
    assertEquals(changed, back, shape);
    assertSameClasses(value, back.settings().get("k"));
    assertSameClasses(value, back.update().get("k"));
    PluginRecord fromSnapshot = roundTrip(new RegistryState(Map.of("configured", record), 1)).plugins().get("configured");
    assertEquals(record, fromSnapshot);
    assertSameClasses(value, fromSnapshot.settingsOverride().get("k"));
    assertNull(roundTrip(new RegistryEvent.SettingsChanged("configured", null, null, "operator: reset", AT, "node", null)).settings(),
        "a reset journals no override");
  }

  @Test
  void entriesKeepTheirDeclaredOrder() {
    PluginDescriptor declared = PluginDescriptor.builder("configured", "e").extra("z", 1).extra("a", 2).extra("m", 3).build();
    PluginDescriptor recovered = roundTrip(new RegistryEvent.PluginRedeclared("configured", declared, "r", AT, "n")).descriptor();
    assertEquals(List.of("z", "a", "m"), new ArrayList<>(recovered.extra().keySet()));
  }

  /** The fixture was written by Arbor before typed settings; see its header. */
  @Test
  void journalEntriesWrittenBeforeTypedSettingsStillRecover() throws IOException {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("hosts", List.of("a", "b"));
    nested.put("port", 8080);
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("users", List.of("ada"));
    expected.put("n", 5); // that format kept no number types: an int-sized Long reads as an Integer
    expected.put("big", 5_000_000_000L);
    expected.put("ratio", 0.1);
    expected.put("on", true);
    expected.put("name", "x");
    expected.put("nested", nested);
    expected.put("k", Map.of()); // what that format made of the Object it accepted
    expected.put("holes", List.of("a")); // nulls are no settings: dropped

    List<Object> entries = legacyEntries();
    PluginDescriptor registered = ((RegistryEvent.PluginRegistered) entries.get(0)).record().descriptor();
    PluginDescriptor redeclared = ((RegistryEvent.PluginRedeclared) entries.get(1)).descriptor();
    RegistryState snapshot = (RegistryState) entries.get(2);
    PluginDescriptor fromSnapshot = snapshot.plugins().get("login.blocklist").descriptor();
    for (PluginDescriptor descriptor : List.of(registered, redeclared, fromSnapshot)) {
      assertEquals(expected, descriptor.extra());
      assertSameClasses(expected, descriptor.extra());
      assertEquals(10, descriptor.priority());
    }
    assertEquals(7, snapshot.version());
    assertNull(snapshot.plugins().get("login.blocklist").settingsOverride(), "journaled before live configuration: no override");

    // Declared again from code: the one value whose type that format lost is redeclared, once; then nothing.
    PluginDescriptor fromCode = PluginDescriptor.builder("login.blocklist", "user.after_login").priority(10)
        .extra("users", List.of("ada")).extra("n", 5L).extra("big", 5_000_000_000L).extra("ratio", 0.1)
        .extra("on", true).extra("name", "x").extra("nested", nested).extra("k", Map.of()).extra("holes", List.of("a"))
        .build();
    Stamp stamp = new Stamp(AT, "node", () -> "id-2");
    List<RegistryEvent> upgrade = accepted(Lifecycle.register(snapshot, fromCode, stamp));
    assertEquals(1, upgrade.size(), upgrade.toString());
    assertInstanceOf(RegistryEvent.PluginRedeclared.class, upgrade.get(0));
    RegistryState upgraded = roundTrip(snapshot.applyAll(upgrade));
    assertEquals(List.of(), accepted(Lifecycle.register(upgraded, fromCode, stamp)));
  }

  private static List<RegistryEvent> accepted(Lifecycle.Decision decision) {
    return assertInstanceOf(Lifecycle.Accepted.class, decision).events();
  }

  private static List<Object> legacyEntries() throws IOException {
    List<Object> entries = new ArrayList<>();
    try (InputStream in = JournaledSettingsTest.class.getResourceAsStream("/journal/settings-before-typed-encoding.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.split(" ");
          byte[] bytes = Base64.getDecoder().decode(parts[2]);
          entries.add(serialization.deserialize(bytes, Integer.parseInt(parts[0]), parts[1]).get());
        }
      }
    }
    return entries;
  }

  /** Equal is not enough: an Integer and a Long of 5 differ, and a Scala list is no java.util.List. */
  private static void assertSameClasses(Object declared, Object recovered) {
    if (declared instanceof List<?> list) {
      List<?> back = assertInstanceOf(List.class, recovered);
      for (int i = 0; i < list.size(); i++) {
        assertSameClasses(list.get(i), back.get(i));
      }
    } else if (declared instanceof Map<?, ?> map) {
      Map<?, ?> back = assertInstanceOf(Map.class, recovered);
      map.forEach((key, value) -> assertSameClasses(value, back.get(key)));
    } else {
      assertEquals(declared.getClass(), recovered.getClass(), String.valueOf(declared));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    Serializer serializer = serialization.findSerializerFor(value);
    assertTrue(serializer.identifier() == 33, "journaled with jackson-cbor: " + serializer);
    byte[] bytes = serialization.serialize(value).get();
    return (T) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
  }
}
