package io.arbor.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

  @Test
  void findsACycleThroughTheCandidate() {
    DependencyGraph graph = new DependencyGraph(Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of()));
    assertTrue(graph.cycleThrough("a").isEmpty());
    assertEquals(Optional.of(List.of("c", "a", "b", "c")), graph.with("c", List.of("a")).cycleThrough("c"));
  }

  @Test
  void unknownDependenciesAreAllowed() {
    assertTrue(new DependencyGraph(Map.of("a", List.of("ghost"))).cycleThrough("a").isEmpty());
  }

  @Test
  void dependentsAreTransitiveBreadthFirstAndTerminateOnStoredCycles() {
    DependencyGraph graph = new DependencyGraph(Map.of(
        "b", List.of("a"), "c", List.of("b"), "d", List.of("a", "c"), "x", List.of("y"), "y", List.of("x", "a")));
    assertEquals(List.of("b", "d", "y", "c", "x"), graph.dependentsOf(List.of("a")));
    assertEquals(List.of(), graph.dependentsOf(List.of("d")));
  }
}
