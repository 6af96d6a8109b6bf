package io.arbor.runtime.install;

import io.arbor.plugin.InvalidDescriptorException;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDescriptor;
import io.arbor.plugin.PluginDiscovery;
import io.arbor.runtime.install.InstallException.Reason;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The plugins an artifact brings, found the way plugins on the class path are ({@code
 * META-INF/services/io.arbor.plugin.Plugin} and {@code @ArborPlugin}), but only the artifact's own:
 * the application's plugins, visible through the parent loader, are not the artifact's. Each plugin's
 * state type must be the very class its event is declared with on this node, or, for an event not
 * declared here, a class the application loads: never the artifact's own copy of a state class,
 * which would fail every call with "X cannot be cast to X".
 */
public final class PluginScan {
  /** A plugin of the artifact and the state type its {@code Plugin<S>} names. */
  public record Found(PluginDefinition<?> definition, Class<?> stateType) {}

  private PluginScan() {}

  /**
   * @param declaredStateType the state class an event is declared with on this node, if it is
   * @throws InstallException {@code no_plugin}, {@code invalid_plugin} or {@code state_type_mismatch}
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static List<Found> scan(PluginClassLoader artifact, Function<String, Optional<Class<?>>> declaredStateType) {
    List<Found> found = new ArrayList<>();
    for (ServiceLoader.Provider<Plugin> provider : providers(artifact)) {
      Class<? extends Plugin> type = provider.type();
      if (type.getClassLoader() != artifact) {
        continue; // the application's own plugin, seen through the parent
      }
      PluginDescriptor descriptor;
      try {
        descriptor = PluginDiscovery.describe(type);
      } catch (InvalidDescriptorException e) {
        throw new InstallException(Reason.INVALID_PLUGIN, type.getName(), "Plugin class " + type.getName() + ": " + e.getMessage());
      } catch (RuntimeException | LinkageError e) { // an annotation naming a class or constant the artifact lacks
        throw new InstallException(Reason.INVALID_PLUGIN, type.getName(), "Plugin class " + type.getName()
            + " cannot be described: " + e, e);
      }
      Class<?> state;
      try {
        state = stateType(type);
      } catch (TypeNotPresentException | LinkageError e) {
        throw new InstallException(Reason.INVALID_PLUGIN, type.getName(), "Plugin class " + type.getName()
            + " names a class neither the artifact nor the application has: " + e, e);
      }
      requireUsable(descriptor, type, state, artifact, declaredStateType.apply(descriptor.event()));
      found.add(new Found(new PluginDefinition(descriptor, provider::get), state));
    }
    if (found.isEmpty()) {
      throw new InstallException(Reason.NO_PLUGIN, "source", "The artifact has no plugin: no class of its own is listed in"
          + " META-INF/services/io.arbor.plugin.Plugin (each listed class needs @ArborPlugin).");
    }
    return found;
  }

  @SuppressWarnings("rawtypes")
  private static List<ServiceLoader.Provider<Plugin>> providers(PluginClassLoader artifact) {
    try {
      return ServiceLoader.load(Plugin.class, artifact).stream().toList();
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new InstallException(Reason.INVALID_PLUGIN, "source", "The artifact's plugin list cannot be loaded: " + e.getMessage());
    }
  }

  private static void requireUsable(PluginDescriptor descriptor, Class<?> type, Class<?> state, PluginClassLoader artifact,
      Optional<Class<?>> declared) {
    String plugin = "Plugin '" + descriptor.name() + "' (" + type.getName() + ")";
    if (state == null) {
      throw new InstallException(Reason.STATE_TYPE_MISMATCH, descriptor.name(),
          plugin + " must implement Plugin<S> with its state class S named, so that it can be checked against event '"
              + descriptor.event() + "'.");
    }
    if (declared.isPresent() && declared.get() != state) {
      boolean sameName = declared.get().getName().equals(state.getName());
      throw new InstallException(Reason.STATE_TYPE_MISMATCH, descriptor.name(), plugin + " takes " + state.getName()
          + (sameName ? " from the artifact itself (a second copy of the application's class: leave it out of the JAR)" : "")
          + ", but event '" + descriptor.event() + "' is declared with " + declared.get().getName() + ".");
    }
    if (declared.isEmpty() && state.getClassLoader() == artifact) {
      throw new InstallException(Reason.STATE_TYPE_MISMATCH, descriptor.name(), plugin + " takes " + state.getName()
          + ", a class of the artifact itself: event '" + descriptor.event() + "' is not declared here, and its state class"
          + " must come from the application so that callers and plugins share it.");
    }
  }

  /**
   * The S of {@code Plugin<S>} on {@code type}, its superclasses or the interfaces they implement,
   * following type variables bound by a subclass ({@code Foo extends JsonPlugin<LoginState>}); null
   * when it is not a named class (a raw {@code Plugin}, an unbound variable).
   */
  static Class<?> stateType(Class<?> type) {
    Map<TypeVariable<?>, Type> bound = new HashMap<>();
    Class<?> current = type;
    while (current != null && current != Object.class) {
      Type found = pluginArgument(current, bound);
      if (found != null) {
        return named(resolve(found, bound));
      }
      Type superType = current.getGenericSuperclass();
      if (superType instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
        bind(raw, parameterized, bound);
        current = raw;
      } else {
        current = current.getSuperclass();
      }
    }
    return null;
  }

  /** The type argument {@code type} gives Plugin directly or through an interface it implements, or null. */
  private static Type pluginArgument(Class<?> type, Map<TypeVariable<?>, Type> bound) {
    for (Type implemented : type.getGenericInterfaces()) {
      if (implemented instanceof ParameterizedType parameterized && parameterized.getRawType() == Plugin.class) {
        return parameterized.getActualTypeArguments()[0];
      }
      Class<?> raw = implemented instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType()
          : implemented instanceof Class<?> plain ? plain : null;
      if (raw != null && Plugin.class.isAssignableFrom(raw)) {
        if (implemented instanceof ParameterizedType parameterized) {
          bind(raw, parameterized, bound);
        }
        Type inherited = pluginArgument(raw, bound);
        if (inherited != null) {
          return inherited;
        }
      }
    }
    return null;
  }

  private static void bind(Class<?> raw, ParameterizedType parameterized, Map<TypeVariable<?>, Type> bound) {
    TypeVariable<?>[] variables = raw.getTypeParameters();
    Type[] arguments = parameterized.getActualTypeArguments();
    for (int i = 0; i < variables.length; i++) {
      bound.put(variables[i], resolve(arguments[i], bound));
    }
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bound) {
    Type current = type;
    while (current instanceof TypeVariable<?> variable && bound.containsKey(variable)) {
      current = bound.get(variable);
    }
    return current;
  }

  private static Class<?> named(Type type) {
    if (type instanceof Class<?> named) {
      return named;
    }
    return type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw ? raw : null;
  }
}
