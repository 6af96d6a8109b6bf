package io.arbor.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds plugins on a class path through {@link ServiceLoader}: every class listed in {@code
 * META-INF/services/io.arbor.plugin.Plugin} and annotated with {@link ArborPlugin}.
 */
public final class PluginDiscovery {
  private PluginDiscovery() {}

  /**
   * Every annotated plugin visible to {@code loader}.
   *
   * @throws InvalidDescriptorException for a listed class without {@link ArborPlugin} or with an
   *     invalid descriptor
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static List<PluginDefinition<?>> discover(ClassLoader loader) {
    InvalidDescriptorException.requireNonNull("loader", loader);
    List<PluginDefinition<?>> found = new ArrayList<>();
    for (ServiceLoader.Provider<Plugin> provider : ServiceLoader.load(Plugin.class, loader).stream().toList()) {
      PluginDescriptor descriptor = describe(provider.type());
      found.add(new PluginDefinition(descriptor, provider::get));
    }
    return found;
  }

  /** The descriptor an {@link ArborPlugin} annotation declares on {@code type}. */
  public static PluginDescriptor describe(Class<?> type) {
    ArborPlugin annotation = InvalidDescriptorException.requireNonNull("type", type).getAnnotation(ArborPlugin.class);
    if (annotation == null) {
      throw new InvalidDescriptorException(
          "class", type.getName() + " is listed as a plugin service but has no @ArborPlugin annotation");
    }
    RestartStrategy restart =
        annotation.backoffMinMillis() == 0
            ? RestartStrategy.immediate(annotation.maxRestarts(), Duration.ofMillis(annotation.restartWithinMillis()))
            : RestartStrategy.backoff(
                annotation.maxRestarts(),
                Duration.ofMillis(annotation.restartWithinMillis()),
                Duration.ofMillis(annotation.backoffMinMillis()),
                Duration.ofMillis(Math.max(annotation.backoffMinMillis(), annotation.backoffMaxMillis())));
    return PluginDescriptor.builder(annotation.name().isEmpty() ? type.getName() : annotation.name(), annotation.event())
        .priority(annotation.priority())
        .dependsOn(annotation.dependsOn())
        .timeout(Duration.ofMillis(annotation.timeoutMillis()))
        .onFailure(annotation.onFailure())
        .restart(restart)
        .build();
  }
}
