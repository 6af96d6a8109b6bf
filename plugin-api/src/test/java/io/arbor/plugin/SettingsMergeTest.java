package io.arbor.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deep-merge rules of a live configuration update, without actors. */
class SettingsMergeTest {
  private static final Map<String, Object> CURRENT = ordered(
      "limit", 10,
      "hosts", List.of("a", "b"),
      "retry", ordered("max", 3, "backoff", ordered("min", "1s", "max", "5s")),
      "mode", "strict");

  /** A map that keeps the given order: the merge's order is part of what it promises. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void mapsMergeKeyByKeyAtEveryDepth() {
    Map<String, Object> merged = Settings.merge(CURRENT, ordered("retry", ordered("backoff", ordered("max", "30s"))));
    assertEquals(ordered("max", 3, "backoff", ordered("min", "1s", "max", "30s")), merged.get("retry"));
    assertEquals(10, merged.get("limit"), "untouched keys stay");
  }

  @Test
  void listsAndScalarsReplace() {
    Map<String, Object> merged = Settings.merge(CURRENT, ordered("hosts", List.of("c"), "limit", 20, "mode", "lenient"));
    assertEquals(List.of("c"), merged.get("hosts"), "a list is replaced, not appended to");
    assertEquals(20, merged.get("limit"));
    assertEquals("lenient", merged.get("mode"));
  }

  @Test
  void aMapOverAScalarOrAScalarOverAMapReplacesAndNewKeysFollowInTheUpdatesOrder() {
    Map<String, Object> merged = Settings.merge(CURRENT, ordered("zeta", 1, "mode", ordered("level", 2), "retry", "off", "alpha", 0));
    assertEquals(ordered("level", 2), merged.get("mode"));
    assertEquals("off", merged.get("retry"));
    assertEquals(List.of("limit", "hosts", "retry", "mode", "zeta", "alpha"), List.copyOf(merged.keySet()));
  }

  @Test
  void anEmptyUpdateChangesNothingAndTheInputsAreLeftAsTheyWere() {
    Map<String, Object> before = new LinkedHashMap<>(CURRENT);
    assertEquals(CURRENT, Settings.merge(CURRENT, Map.of()));
    Settings.merge(CURRENT, ordered("retry", ordered("max", 9)));
    assertEquals(before, CURRENT);
    assertEquals(ordered("a", 1), Settings.merge(Map.of(), ordered("a", 1)));
  }
}
