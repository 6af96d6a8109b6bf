package io.arbor.cluster;

import io.arbor.plugin.ArborPlugin;
import io.arbor.plugin.CallContext;
import io.arbor.plugin.EventType;
import io.arbor.plugin.Health;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.Step;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The plugins and events the launcher tests name in ARBOR_PLUGINS and ARBOR_EVENTS. */
final class TestPlugins {
  /** Whether {@link Greeter} reports itself healthy; tests flip it to see /ready follow. */
  static final AtomicBoolean GREETER_HEALTHY = new AtomicBoolean(true);

  private TestPlugins() {}

  /** The events, declared by naming this class in ARBOR_EVENTS. */
  public static final class Events {
    public static final EventType<String> GREET = EventType.of("greet", String.class);
    public static final EventType<String> SHOUT = EventType.of("shout", String.class);
    /** Not an EventType: left alone. */
    public static final String NOT_AN_EVENT = "x";

    private Events() {}
  }

  /** An annotated plugin class, as ServiceLoader discovery would find it. */
  @ArborPlugin(event = "greet", name = "greeter", priority = 10)
  public static final class Greeter implements Plugin<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next("hello " + state);
    }

    @Override
    public Health health() {
      return GREETER_HEALTHY.get() ? Health.healthy() : Health.unhealthy("told to be unhealthy");
    }
  }

  /** A supplier of a definition built in code. */
  public static final class ShouterDefinition implements Supplier<PluginDefinition<String>> {
    @Override
    public PluginDefinition<String> get() {
      return PluginDefinition.of(PluginDescriptor.builder("shouter", Events.SHOUT).build(),
          () -> (state, context) -> Step.next(state.toUpperCase(Locale.ROOT)));
    }
  }

  /** A plugin without {@link ArborPlugin}: the launcher cannot describe it. */
  public static final class Unannotated implements Plugin<String> {
    @Override
    public Step<String> call(String state, CallContext context) {
      return Step.next(state);
    }
  }
}
