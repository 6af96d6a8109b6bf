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
import java.util.TreeSet;

/** The "depends on" edges between plugin names, across events. Dependencies may name unknown plugins. */
public final class DependencyGraph {
  private final Map<String, List<String>> dependsOn;

  public DependencyGraph(Map<String, ? extends Collection<String>> dependsOn) {
    this.dependsOn = new HashMap<>();
    dependsOn.forEach((name, deps) -> this.dependsOn.put(name, List.copyOf(deps)));
  }

  /** The same graph with {@code name}'s edges replaced. */
  public DependencyGraph with(String name, Collection<String> dependencies) {
    Map<String, List<String>> next = new HashMap<>(dependsOn);
    next.put(name, List.copyOf(dependencies));
    return new DependencyGraph(next);
  }

  /** A cycle through {@code start}, as the path {@code start -> ... -> start}, if there is one. */
  public Optional<List<String>> cycleThrough(String start) {
    Deque<String> path = new ArrayDeque<>();
    path.addLast(start);
    return search(start, start, path, new HashSet<>());
  }

  private Optional<List<String>> search(String start, String current, Deque<String> path, Set<String> seen) {
    for (String next : new TreeSet<>(dependsOn.getOrDefault(current, List.of()))) {
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
    Map<String, Set<String>> reverse = new HashMap<>();
    dependsOn.forEach((name, deps) -> deps.forEach(dep -> reverse.computeIfAbsent(dep, d -> new TreeSet<>()).add(name)));
    Set<String> visited = new LinkedHashSet<>();
    Set<String> rootSet = new HashSet<>(roots);
    Deque<String> queue = new ArrayDeque<>(new TreeSet<>(roots));
    while (!queue.isEmpty()) {
      for (String dependent : reverse.getOrDefault(queue.removeFirst(), Set.of())) {
        if (!rootSet.contains(dependent) && visited.add(dependent)) {
          queue.addLast(dependent);
        }
      }
    }
    return List.copyOf(visited);
  }
}
