package io.arbor.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Descriptors as the journal holds them: one journaled before durations had a maximum (a timeout of
 * {@code FOREVER} passed then) still recovers, clamped to the maxima, instead of failing the
 * registry's recovery at every start; a damaged setting is refused, never coerced.
 */
class JournalRecoveryTest {
  private static final ActorTestKit kit = ActorTestKit.create(Arbor.configuration(ConfigFactory.empty()));

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  private static final ObjectMapper mapper =
      JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-cbor", Optional.of(new CBORFactory()));

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
}
