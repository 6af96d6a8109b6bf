package io.arbor.runtime.registry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The "depends on" edges between plugin names, across events. Dependencies may name unknown plugins.
 *
 * <p>It reads the edges through two lookups instead of holding a copy, so a graph over the registry
 * costs nothing to make and each question costs what it visits, not the size of the registry.
 */
public final class DependencyGraph {
  private final Function<String, Collection<String>> dependsOn;
  /** The direct dependents of a name, in name order. */
  private final Function<String, SortedSet<String>> dependents;

  private DependencyGraph(Function<String, Collection<String>> dependsOn, Function<String, SortedSet<String>> dependents) {
    this.dependsOn = dependsOn;
    this.dependents = dependents;
  }

  /** A graph over explicit edges: each name's dependencies. */
  public DependencyGraph(Map<String, ? extends Collection<String>> edges) {
    Map<String, List<String>> forward = new HashMap<>();
    Map<String, SortedSet<String>> reverse = new HashMap<>();
    edges.forEach((name, deps) -> {
      forward.put(name, List.copyOf(deps));
      deps.forEach(dep -> reverse.computeIfAbsent(dep, d -> new TreeSet<>()).add(name));
    });
    this.dependsOn = name -> forward.getOrDefault(name, List.of());
    this.dependents = name -> reverse.getOrDefault(name, new TreeSet<>());
  }

  /** The registry's graph, read from its indexes. */
  public static DependencyGraph of(RegistryState state) {
    return new DependencyGraph(
        name -> state.plugin(name).<Collection<String>>map(record -> record.descriptor().dependsOn()).orElse(List.of()),
        state::dependentsOf);
  }

  /** The same graph with {@code name}'s edges replaced. */
  public DependencyGraph with(String name, Collection<String> dependencies) {
    List<String> replaced = List.copyOf(dependencies);
    Collection<String> previous = dependsOn.apply(name);
    return new DependencyGraph(
        other -> other.equals(name) ? replaced : dependsOn.apply(other),
        other -> {
          SortedSet<String> names = new TreeSet<>(dependents.apply(other));
          if (previous.contains(other)) {
            names.remove(name);
          }
          if (replaced.contains(other)) {
            names.add(name);
          }
          return names;
        });
  }

  /** A cycle through {@code start}, as the path {@code start -> ... -> start}, if there is one. */
  public Optional<List<String>> cycleThrough(String start) {
    Deque<String> path = new ArrayDeque<>();
    path.addLast(start);
    return search(start, start, path, new HashSet<>());
  }

  private Optional<List<String>> search(String start, String current, Deque<String> path, Set<String> seen) {
    for (String next : new TreeSet<>(dependsOn.apply(current))) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return Optional.of(cycle);
      }
      if (seen.add(next)) {
        path.addLast(next);
        Optional<List<String>> found = search(start, next, path, seen);
        if (found.isPresent()) {
          return found;
        }
        path.removeLast();
      }
    }
    return Optional.empty();
  }

  /**
   * Every plugin that depends on one of {@code roots}, directly or transitively, in breadth-first
   * order, roots excluded. Each plugin appears once, so stored cycles terminate.
   */
  public List<String> dependentsOf(Collection<String> roots) {
    Set<String> visited = new LinkedHashSet<>();
    Set<String> rootSet = new HashSet<>(roots);
    Deque<String> queue = new ArrayDeque<>(new TreeSet<>(roots));
    while (!queue.isEmpty()) {
      for (String dependent : dependents.apply(queue.removeFirst())) {
        if (!rootSet.contains(dependent) && visited.add(dependent)) {
          queue.addLast(dependent);
        }
      }
    }
    return List.copyOf(visited);
  }
}
