package io.arbor.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin's settings ({@link PluginDescriptor#extra()}, and a live update of them): the values the
 * journal brings back exactly (equal and of the same class) are accepted, deep-copied so that the
 * caller's collections cannot change them afterwards; and the deep merge a live update goes through.
 */
public final class Settings {
  /** Deeper than any real configuration; it also stops a list that contains itself. */
  static final int MAX_DEPTH = 32;

  static final String SUPPORTED = "must be a String, Boolean, Integer, Long, Double, or a java.util.List or "
      + "java.util.Map (String keys) of these";

  private Settings() {}

  /** An unmodifiable deep copy in the caller's order, or {@link InvalidDescriptorException} naming the bad entry. */
  static Map<String, Object> copyOf(Map<?, ?> extra) {
    return checked("extra", extra);
  }

  /**
   * {@code settings} as an unmodifiable deep copy in the caller's order, if every value is one a
   * setting may hold; else {@link InvalidDescriptorException} naming the bad entry under {@code field}
   * ({@code field.key}, {@code field.key[0]}).
   */
  public static Map<String, Object> checked(String field, Map<?, ?> settings) {
    InvalidDescriptorException.requireNonNull(field, settings);
    return copyMap(field, settings, 1);
  }

  /**
   * {@code update} deep-merged over {@code current}, the default rule of a live update: maps merge
   * key by key, recursively; a list or a scalar in the update replaces what was there, and so does a
   * map where the current value is not one. The current keys keep their order, new keys follow in the
   * update's. Pure: neither input changes.
   */
  public static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> update) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    update.forEach((key, value) -> merged.merge(key, value, Settings::mergeValue));
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(Object current, Object update) {
    if (current instanceof Map<?, ?> currentMap && update instanceof Map<?, ?> updateMap) {
      return merge((Map<String, Object>) currentMap, (Map<String, Object>) updateMap);
    }
    return update;
  }

  private static Object copy(String field, Object value, int depth) {
    if (value == null) {
      throw new InvalidDescriptorException(field, "must not be null");
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Double) {
      return value;
    }
    if (depth >= MAX_DEPTH) {
      throw new InvalidDescriptorException(field, "must not nest lists and maps deeper than " + MAX_DEPTH + " levels");
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(copy(field + "[" + i + "]", list.get(i), depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Map<?, ?> map) {
      return copyMap(field, map, depth + 1);
    }
    throw new InvalidDescriptorException(field, SUPPORTED + " (was " + value.getClass().getName() + ")");
  }

  private static Map<String, Object> copyMap(String field, Map<?, ?> map, int depth) {
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new InvalidDescriptorException(field, "keys must be strings (was "
            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()) + ")");
      }
      copy.put(key, copy(field + "." + key, entry.getValue(), depth));
    }
    return Collections.unmodifiableMap(copy);
  }
}
