package io.arbor.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a plugin class's descriptor, for discovery by {@link PluginDiscovery}. The class must
 * implement {@link Plugin}, have a public no-argument constructor and be listed in {@code
 * META-INF/services/io.arbor.plugin.Plugin}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ArborPlugin {
  /** The event the plugin attaches to. */
  String event();

  /** The plugin's name; empty means the class's fully qualified name. */
  String name() default "";

  int priority() default PluginDescriptor.DEFAULT_PRIORITY;

  String[] dependsOn() default {};

  long timeoutMillis() default 5_000;

  FailurePolicy onFailure() default FailurePolicy.SKIP;

  int maxRestarts() default 10;

  long restartWithinMillis() default 60_000;

  /** Zero restarts at once; otherwise the first delay of an exponential backoff. */
  long backoffMinMillis() default 0;

  long backoffMaxMillis() default 0;
}
