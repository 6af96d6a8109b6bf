package io.arbor.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.arbor.plugin.PluginDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainOrderTest {

  private static PluginDescriptor plugin(String name, int priority, String... dependsOn) {
    return PluginDescriptor.builder(name, "e").priority(priority).dependsOn(dependsOn).build();
  }

  private static List<String> order(PluginDescriptor... plugins) {
    return ChainOrder.order(List.of(plugins)).stream().map(PluginDescriptor::name).toList();
  }

  @Test
  void lowerPriorityRunsFirst() {
    assertEquals(List.of("a", "b", "c"), order(plugin("c", 30), plugin("a", 10), plugin("b", 20)));
  }

  @Test
  void tiesAreBrokenByName() {
    assertEquals(List.of("alpha", "beta", "gamma"), order(plugin("gamma", 5), plugin("beta", 5), plugin("alpha", 5)));
  }

  @Test
  void aPluginRunsAfterItsDependenciesEvenWithALowerPriority() {
    // Mishka's example: AddOne (p1) depends on Double (p2): Double first.
    assertEquals(List.of("double", "add_one"), order(plugin("add_one", 1, "double"), plugin("double", 2)));
    assertEquals(List.of("c", "b", "a"), order(plugin("a", 1, "b"), plugin("b", 5), plugin("c", 2)));
  }

  @Test
  void dependenciesOutsideTheChainDoNotGateThePosition() {
    assertEquals(List.of("a", "b"), order(plugin("b", 2, "elsewhere"), plugin("a", 1)));
  }

  @Test
  void aStrayCycleIsAppendedInPriorityOrderInsteadOfLooping() {
    assertEquals(List.of("free", "y", "x"), order(plugin("y", 1, "x"), plugin("x", 2, "y"), plugin("free", 50)));
  }

  @Test
  void theOrderDoesNotDependOnTheInputOrder() {
    List<PluginDescriptor> plugins = new ArrayList<>(List.of(
        plugin("a", 10), plugin("b", 10, "d"), plugin("c", 0), plugin("d", 50), plugin("e", 10, "a", "c")));
    List<String> expected = ChainOrder.order(plugins).stream().map(PluginDescriptor::name).toList();
    assertEquals(List.of("c", "a", "e", "d", "b"), expected);
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(plugins, random);
      assertEquals(expected, ChainOrder.order(plugins).stream().map(PluginDescriptor::name).toList());
    }
  }
}
