package io.arbor.runtime.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a live configuration update combines with a plugin's current settings (Malla's config merge):
 * maps merge key by key, recursively; a list or a scalar in the update replaces what was there; a key
 * the update maps to a map where the current value is not one replaces it. The order of the current
 * keys is kept, new keys follow in the update's order. Pure: the inputs are not changed.
 */
public final class SettingsMerge {
  private SettingsMerge() {}

  /** {@code update} deep-merged over {@code current}; both may be empty, neither null. */
  public static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> update) {
    Map<String, Object> merged = new LinkedHashMap<>(current);
    update.forEach((key, value) -> merged.merge(key, value, SettingsMerge::mergeValue));
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(Object current, Object update) {
    if (current instanceof Map<?, ?> currentMap && update instanceof Map<?, ?> updateMap) {
      return merge((Map<String, Object>) currentMap, (Map<String, Object>) updateMap);
    }
    return update;
  }
}
