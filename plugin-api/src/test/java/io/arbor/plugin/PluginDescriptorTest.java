package io.arbor.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginDescriptorTest {

  @Test
  void defaultsMatchTheContract() {
    PluginDescriptor descriptor = PluginDescriptor.builder("audit", "user.after_login").build();
    assertEquals(100, descriptor.priority());
    assertEquals(List.of(), descriptor.dependsOn());
    assertEquals(Duration.ofSeconds(5), descriptor.timeout());
    assertEquals(FailurePolicy.SKIP, descriptor.onFailure());
    assertEquals(RestartStrategy.DEFAULT, descriptor.restart());
  }

  @Test
  void priorityOutsideZeroToHundredIsRejectedNamingTheField() {
    for (int bad : new int[] {-1, 101, 240}) {
      InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class,
          () -> PluginDescriptor.builder("audit", "login").priority(bad).build());
      assertEquals("priority", error.field());
      assertTrue(error.rule().contains("between 0 and 100"), error.getMessage());
      assertTrue(error.rule().contains(String.valueOf(bad)), error.getMessage());
    }
    assertEquals(0, PluginDescriptor.builder("a", "e").priority(0).build().priority());
    assertEquals(100, PluginDescriptor.builder("a", "e").priority(100).build().priority());
  }

  @Test
  void selfDependencyIsACycle() {
    InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class,
        () -> PluginDescriptor.builder("audit", "login").dependsOn("audit").build());
    assertEquals("dependsOn", error.field());
    assertTrue(error.getMessage().contains("cycle"));
  }

  @Test
  void dependenciesAreKeptSortedAndUnique() {
    PluginDescriptor descriptor = PluginDescriptor.builder("c", "e").dependsOn("b", "a", "b").build();
    assertEquals(List.of("a", "b"), descriptor.dependsOn());
  }

  @Test
  void invalidNamesAreRejected() {
    assertEquals("name", assertThrows(InvalidDescriptorException.class, () -> PluginDescriptor.builder("", "e").build()).field());
    assertEquals("name", assertThrows(InvalidDescriptorException.class, () -> PluginDescriptor.builder("a b", "e").build()).field());
    assertEquals("event", assertThrows(InvalidDescriptorException.class, () -> PluginDescriptor.builder("a", " ").build()).field());
    assertEquals("event", assertThrows(InvalidDescriptorException.class, () -> EventType.of("../x", String.class)).field());
  }

  @Test
  void nonPositiveTimeoutIsRejected() {
    assertEquals("timeout", assertThrows(InvalidDescriptorException.class,
        () -> PluginDescriptor.builder("a", "e").timeout(Duration.ZERO).build()).field());
  }

  @Test
  void aPluginCanBeUnitTestedWithThisModuleAlone() throws Exception {
    Plugin<String> shout = (state, context) -> context.meta().containsKey("halt")
        ? Step.halt(state)
        : Step.next(state.toUpperCase());
    assertEquals(Step.next("HI"), shout.call("hi", CallContext.of("greet")));
    assertEquals(Step.halt("hi"), shout.call("hi", CallContext.of("greet", java.util.Map.of("halt", true))));
  }
}
