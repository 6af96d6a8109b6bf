package io.arbor.runtime.registry;

import static io.arbor.runtime.registry.LifecycleTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The view's gap decisions with plain numbers, and which events a change touches. */
class ViewRulesTest {
  private static final Instant AT = Instant.parse("2026-01-04T00:00:00Z");

  @ParameterizedTest(name = "view at {0}, notified {1}..{2} with {3} events: {4}")
  @CsvSource({
      "4, 5, 5, 1, Apply",
      "4, 5, 7, 3, Apply",
      "4, 3, 4, 2, Stale",    // a duplicate
      "9, 5, 7, 3, Stale",    // older than a state transfer
      "4, 7, 7, 1, Gap",      // 5 and 6 were lost
      "4, 5, 7, 2, Gap",      // the range says three events, two came
      "4, 6, 5, 0, Gap",      // a writer that recovered at 5: nothing new, but the view is behind
      "5, 6, 5, 0, Stale",    // the same, with the view up to date
  })
  void decidesFromVersionsAlone(long view, long from, long to, int events, String expected) {
    RegistryEvent event = new RegistryEvent.PluginUnregistered("p", "op", AT, "n");
    ViewRules.Decision decision = ViewRules.decide(view, new Registry.Persisted(from, to, Collections.nCopies(events, event)));
    assertEquals(expected, decision.getClass().getSimpleName());
  }

  @Test
  void aGapNamesTheMissingVersions() {
    ViewRules.Gap gap = assertInstanceOf(ViewRules.Gap.class,
        ViewRules.decide(4, new Registry.Persisted(8, 8, List.of(new RegistryEvent.PluginUnregistered("p", "op", AT, "n")))));
    assertEquals(List.of(5L, 7L), List.of(gap.missingFrom(), gap.missingTo()));
  }

  @Test
  void aChangeTouchesItsPluginsEventsAndTheirDependentsEventsOnly() {
    RegistryState before = new RegistryState(Map.of(
        "root", record("root", "e1", PluginStatus.STARTED),
        "child", record("child", "e2", PluginStatus.STARTED, "root"),
        "other", record("other", "e3", PluginStatus.STARTED)), 3);
    RegistryEvent stop = new RegistryEvent.StatusChanged("root", PluginStatus.STARTED, PluginStatus.STOPPED, "op", AT, "n");
    RegistryState after = before.apply(stop);
    assertEquals(Set.of("e1", "e2"), ViewRules.touchedEvents(before, after, List.of(stop)));

    RegistryEvent moved = new RegistryEvent.PluginRedeclared("other", LifecycleTest.descriptor("other", "e4"), "re", AT, "n");
    assertEquals(Set.of("e3", "e4"), ViewRules.touchedEvents(before, before.apply(moved), List.of(moved)));
  }
}
