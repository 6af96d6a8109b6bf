package io.arbor.runtime.registry;

import io.arbor.plugin.PluginDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The contract's order: lower priority first, ties by name, and a plugin always after the plugins it
 * depends on (greedy topological order: at each step the ready plugin with the smallest (priority,
 * name) goes next). Dependencies outside the given set gate nothing here. Plugins caught in a stray
 * cycle are appended in (priority, name) order. Deterministic, so every node computes the same order.
 */
public final class ChainOrder {
  public static final Comparator<PluginDescriptor> BY_PRIORITY_THEN_NAME =
      Comparator.comparingInt(PluginDescriptor::priority).thenComparing(PluginDescriptor::name);

  private ChainOrder() {}

  public static List<PluginDescriptor> order(List<PluginDescriptor> plugins) {
    Map<String, PluginDescriptor> byName = new HashMap<>();
    plugins.forEach(plugin -> byName.put(plugin.name(), plugin));
    Map<String, Integer> waitingOn = new HashMap<>();
    Map<String, List<PluginDescriptor>> dependents = new HashMap<>();
    PriorityQueue<PluginDescriptor> ready = new PriorityQueue<>(BY_PRIORITY_THEN_NAME);
    for (PluginDescriptor plugin : plugins) {
      int count = 0;
      for (String dependency : plugin.dependsOn()) {
        if (byName.containsKey(dependency)) {
          count++;
          dependents.computeIfAbsent(dependency, d -> new ArrayList<>()).add(plugin);
        }
      }
      waitingOn.put(plugin.name(), count);
      if (count == 0) {
        ready.add(plugin);
      }
    }
    List<PluginDescriptor> ordered = new ArrayList<>(plugins.size());
    while (!ready.isEmpty()) {
      PluginDescriptor next = ready.poll();
      ordered.add(next);
      for (PluginDescriptor dependent : dependents.getOrDefault(next.name(), List.of())) {
        if (waitingOn.merge(dependent.name(), -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    if (ordered.size() < plugins.size()) {
      plugins.stream()
          .filter(plugin -> waitingOn.get(plugin.name()) > 0)
          .sorted(BY_PRIORITY_THEN_NAME)
          .forEach(ordered::add);
    }
    return ordered;
  }
}
