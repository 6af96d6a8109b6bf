package io.arbor.plugin;

import java.util.Map;

/** What the runtime gives a plugin when its actor starts: its own descriptor and settings. */
public interface PluginContext {

  PluginDescriptor descriptor();

  default String pluginName() {
    return descriptor().name();
  }

  /** The descriptor's free-form settings ({@link PluginDescriptor#extra()}). */
  default Map<String, Object> extra() {
    return descriptor().extra();
  }

  /** A context for unit tests of a plugin's {@link Plugin#start(PluginContext)}. */
  static PluginContext of(PluginDescriptor descriptor) {
    InvalidDescriptorException.requireNonNull("descriptor", descriptor);
    return () -> descriptor;
  }
}
