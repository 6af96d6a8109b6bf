package io.arbor.plugin;

import java.util.function.Supplier;

/**
 * A plugin as the runtime receives it: its descriptor and a factory for fresh instances. The factory
 * is called when the plugin's actor starts and again on every restart, so a restart really begins
 * from a clean instance.
 */
public record PluginDefinition<S>(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
  public PluginDefinition {
    InvalidDescriptorException.requireNonNull("descriptor", descriptor);
    InvalidDescriptorException.requireNonNull("factory", factory);
  }

  public static <S> PluginDefinition<S> of(PluginDescriptor descriptor, Supplier<? extends Plugin<S>> factory) {
    return new PluginDefinition<>(descriptor, factory);
  }

  public String name() {
    return descriptor.name();
  }
}
