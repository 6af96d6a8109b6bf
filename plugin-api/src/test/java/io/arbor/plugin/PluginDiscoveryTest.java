package io.arbor.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginDiscoveryTest {

  @ArborPlugin(name = "greeter", event = "greet", priority = 7, dependsOn = {"audit"}, timeoutMillis = 250,
      onFailure = FailurePolicy.HALT, maxRestarts = 2, restartWithinMillis = 1000)
  public static final class Greeter implements Plugin<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next("hello " + state);
    }
  }

  public static final class NotAnnotated implements Plugin<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state);
    }
  }

  @Test
  void findsAnnotatedServicesWithTheirDescriptorAndAFreshInstancePerCall() {
    List<PluginDefinition<?>> found = PluginDiscovery.discover(getClass().getClassLoader());
    assertEquals(1, found.size());
    PluginDescriptor descriptor = found.get(0).descriptor();
    assertEquals("greeter", descriptor.name());
    assertEquals("greet", descriptor.event());
    assertEquals(7, descriptor.priority());
    assertEquals(List.of("audit"), descriptor.dependsOn());
    assertEquals(Duration.ofMillis(250), descriptor.timeout());
    assertEquals(FailurePolicy.HALT, descriptor.onFailure());
    assertEquals(RestartStrategy.immediate(2, Duration.ofSeconds(1)), descriptor.restart());
    assertNotSame(found.get(0).factory().get(), found.get(0).factory().get());
  }

  @Test
  void aListedClassWithoutTheAnnotationIsAClearError() {
    InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class, () -> PluginDiscovery.describe(NotAnnotated.class));
    assertEquals("class", error.field());
  }
}
