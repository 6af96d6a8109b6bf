package io.arbor.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every public method of the plugin API refuses null the same way: an InvalidDescriptorException naming the field. */
class ArgumentsTest {
  private static final PluginDescriptor.Builder BUILDER = PluginDescriptor.builder("audit", "login");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static Arguments misuse(String call, String field, Executable misuse) {
    return Arguments.of(call, field, misuse);
  }

  static Stream<Arguments> misuses() {
    Map<String, Object> nullMeta = new HashMap<>();
    nullMeta.put("k", null);
    return Stream.of(
        misuse("EventType.of(name, null)", "stateType", () -> EventType.of("login", null)),
        misuse("EventType.of(null, type)", "event", () -> EventType.of(null, String.class)),
        misuse("PluginDefinition.of(null, factory)", "descriptor", () -> PluginDefinition.of(null, () -> null)),
        misuse("PluginDefinition.of(descriptor, null)", "factory", () -> PluginDefinition.of(BUILDER.build(), null)),
        misuse("PluginDescriptor.builder(null, event).build()", "name", () -> PluginDescriptor.builder(null, "login").build()),
        misuse("PluginDescriptor.builder(name, (String) null).build()", "event",
            () -> PluginDescriptor.builder("audit", (String) null).build()),
        misuse("PluginDescriptor.builder(name, (EventType) null)", "event",
            () -> PluginDescriptor.builder("audit", (EventType<?>) null)),
        misuse("Builder.dependsOn(null array)", "dependsOn", () -> BUILDER.dependsOn((String[]) null)),
        misuse("Builder.dependsOn(null).build()", "dependsOn",
            () -> PluginDescriptor.builder("audit", "login").dependsOn((String) null).build()),
        misuse("Builder.extra(null, value)", "extra", () -> BUILDER.extra(null, "v")),
        misuse("Builder.extra(key, null)", "extra.users", () -> BUILDER.extra("users", null)),
        misuse("Builder.timeout(null)", "timeout", () -> BUILDER.timeout(null)),
        misuse("Builder.onFailure(null)", "onFailure", () -> BUILDER.onFailure(null)),
        misuse("Builder.restart(null)", "restart", () -> BUILDER.restart(null)),
        misuse("withDependsOn(null array)", "dependsOn", () -> BUILDER.build().withDependsOn((String[]) null)),
        misuse("RestartStrategy.immediate(n, null)", "restart.within", () -> RestartStrategy.immediate(1, null)),
        misuse("RestartStrategy.backoff(n, within, null, max)", "restart.backoffMin",
            () -> RestartStrategy.backoff(1, MINUTE, null, MINUTE)),
        misuse("RestartStrategy.backoff(n, within, min, null)", "restart.backoffMax",
            () -> RestartStrategy.backoff(1, MINUTE, MINUTE, null)),
        misuse("new RestartStrategy(n, within, null, max)", "restart.backoffMin",
            () -> new RestartStrategy(1, MINUTE, null, MINUTE)),
        misuse("new Health(null, detail)", "status", () -> new Health(null, "")),
        misuse("CallContext.of(null)", "event", () -> CallContext.of(null)),
        misuse("CallContext.of(event, meta with a null value)", "meta", () -> CallContext.of("login", nullMeta)),
        misuse("PluginContext.of(null)", "descriptor", () -> PluginContext.of(null)),
        misuse("PluginDiscovery.discover(null)", "loader", () -> PluginDiscovery.discover(null)),
        misuse("PluginDiscovery.describe(null)", "type", () -> PluginDiscovery.describe(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misuses")
  void aNullArgumentIsRefusedNamingIt(String call, String field, Executable misuse) {
    InvalidDescriptorException error = assertThrows(InvalidDescriptorException.class, misuse, call);
    assertEquals(field, error.field(), error.getMessage());
  }
}
