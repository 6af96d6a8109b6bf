package io.arbor.runtime.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.arbor.plugin.PluginDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a descriptor's {@code extra} settings are journaled (in events and snapshots alike), registered
 * with Pekko's Jackson serializers in {@code reference.conf}. Plain JSON or CBOR would not bring them
 * back exactly: a {@code Long} that fits an int reads as an {@code Integer}, and Pekko's mapper reads
 * untyped arrays and objects as Scala collections. So each value carries its type:
 *
 * <pre>
 * [1, {"users": {"list": [{"string": "ada"}]}, "n": {"long": 5}}]     format 1: version, then the settings
 * </pre>
 *
 * with the tags {@code string, boolean, int, long, double, list, map}. A plain object is the form
 * journaled before format 1; it is read with its numbers as they come (an int-sized {@code Long} as an
 * {@code Integer}), nulls dropped and other numbers as text, so that the descriptor's rules accept it;
 * the next registration from code then journals the declared values once.
 */
public final class JournaledSettings extends SimpleModule {
  static final int FORMAT = 1;

  public JournaledSettings() {
    super("arbor-journaled-settings");
    setMixInAnnotation(PluginDescriptor.class, DescriptorMixin.class);
  }

  private abstract static class DescriptorMixin {
    @JsonSerialize(using = Writer.class)
    @JsonDeserialize(using = Reader.class)
    abstract Map<String, Object> extra();
  }

  static final class Writer extends JsonSerializer<Map<String, Object>> {
    @Override
    public void serialize(Map<String, Object> settings, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeStartArray();
      out.writeNumber(FORMAT);
      writeMap(settings, out);
      out.writeEndArray();
    }

    private static void writeMap(Map<?, ?> map, JsonGenerator out) throws IOException {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeFieldName((String) entry.getKey());
        writeValue(entry.getValue(), out);
      }
      out.writeEndObject();
    }

    private static void writeValue(Object value, JsonGenerator out) throws IOException {
      out.writeStartObject();
      if (value instanceof String text) {
        out.writeStringField("string", text);
      } else if (value instanceof Boolean flag) {
        out.writeBooleanField("boolean", flag);
      } else if (value instanceof Integer number) {
        out.writeNumberField("int", number);
      } else if (value instanceof Long number) {
        out.writeNumberField("long", number);
      } else if (value instanceof Double number) {
        out.writeNumberField("double", number);
      } else if (value instanceof List<?> list) {
        out.writeArrayFieldStart("list");
        for (Object element : list) {
          writeValue(element, out);
        }
        out.writeEndArray();
      } else if (value instanceof Map<?, ?> map) {
        out.writeFieldName("map");
        writeMap(map, out);
      } else { // the descriptor refuses anything else at declaration
        throw JsonMappingException.from(out, "not a setting: " + value.getClass().getName());
      }
      out.writeEndObject();
    }
  }

  static final class Reader extends JsonDeserializer<Map<String, Object>> {
    @Override
    public Map<String, Object> deserialize(JsonParser in, DeserializationContext context) throws IOException {
      JsonNode node = context.readTree(in);
      if (node.isObject()) {
        return legacyMap(node);
      }
      if (node.isArray() && node.size() == 2 && node.get(0).isInt() && node.get(1).isObject()) {
        if (node.get(0).intValue() != FORMAT) {
          throw JsonMappingException.from(in, "settings in format " + node.get(0).intValue()
              + ", newer than this Arbor (it reads formats up to " + FORMAT + ")");
        }
        return typedMap(node.get(1), in);
      }
      throw JsonMappingException.from(in, "settings are neither an object nor [format, object]: " + node);
    }

    private static Map<String, Object> typedMap(JsonNode object, JsonParser in) throws IOException {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        map.put(field.getKey(), typedValue(field.getValue(), in));
      }
      return map;
    }

    private static Object typedValue(JsonNode tagged, JsonParser in) throws IOException {
      if (!tagged.isObject() || tagged.size() != 1) {
        throw JsonMappingException.from(in, "a setting must be {type: value}: " + tagged);
      }
      Map.Entry<String, JsonNode> only = tagged.fields().next();
      JsonNode value = only.getValue();
      // A value that does not match its tag is a damaged journal: refused, never coerced to 0 or null.
      boolean matches = switch (only.getKey()) {
        case "string" -> value.isTextual();
        case "boolean" -> value.isBoolean();
        case "int" -> value.isIntegralNumber() && value.canConvertToInt();
        case "long" -> value.isIntegralNumber() && value.canConvertToLong();
        case "double" -> value.isNumber();
        case "list" -> value.isArray();
        case "map" -> value.isObject();
        default -> throw JsonMappingException.from(in, "unknown setting type '" + only.getKey() + "'");
      };
      if (!matches) {
        throw JsonMappingException.from(in, "a setting tagged '" + only.getKey() + "' holds " + value.getNodeType() + ": " + value);
      }
      switch (only.getKey()) {
        case "string":
          return value.textValue();
        case "boolean":
          return value.booleanValue();
        case "int":
          return value.intValue();
        case "long":
          return value.longValue();
        case "double":
          return value.doubleValue();
        case "list":
          List<Object> list = new ArrayList<>(value.size());
          for (JsonNode element : value) {
            list.add(typedValue(element, in));
          }
          return list;
        case "map":
          return typedMap(value, in);
        default:
          throw JsonMappingException.from(in, "unknown setting type '" + only.getKey() + "'");
      }
    }

    private static Map<String, Object> legacyMap(JsonNode object) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!field.getValue().isNull()) {
          map.put(field.getKey(), legacyValue(field.getValue()));
        }
      }
      return map;
    }

    private static Object legacyValue(JsonNode node) {
      if (node.isObject()) {
        return legacyMap(node);
      }
      if (node.isArray()) {
        List<Object> list = new ArrayList<>(node.size());
        for (JsonNode element : node) {
          if (!element.isNull()) {
            list.add(legacyValue(element));
          }
        }
        return list;
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isInt()) {
        return node.intValue();
      }
      if (node.isLong()) {
        return node.longValue();
      }
      if (node.isDouble() || node.isFloat()) {
        return node.doubleValue();
      }
      return node.asText(); // text, and what has no setting type now (big numbers, bytes)
    }
  }
}
