package io.arbor.cluster;

import io.arbor.plugin.ArborPlugin;
import io.arbor.plugin.EventType;
import io.arbor.plugin.InvalidDescriptorException;
import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.PluginDiscovery;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the class names of {@code ARBOR_PLUGINS} and {@code ARBOR_EVENTS} into what the builder takes.
 * A plugin entry is either a plugin class annotated with {@link ArborPlugin} (as ServiceLoader
 * discovery finds them, no services file needed) or a {@code Supplier} of a {@link PluginDefinition}
 * or of a collection of them (for plugins built in code, e.g. with settings); both need a public
 * no-argument constructor. An event entry is a class whose public static {@link EventType} fields are
 * all declared: an event's state class is in its {@code EventType}, which no plugin descriptor carries.
 */
final class PluginClasses {
  private PluginClasses() {}

  static List<PluginDefinition<?>> plugins(List<String> classNames, ClassLoader loader) {
    List<PluginDefinition<?>> definitions = new ArrayList<>();
    for (String name : classNames) {
      definitions.addAll(plugin(name, load("ARBOR_PLUGINS", name, loader)));
    }
    return definitions;
  }

  static List<EventType<?>> events(List<String> classNames, ClassLoader loader) {
    List<EventType<?>> events = new ArrayList<>();
    for (String name : classNames) {
      List<EventType<?>> found = new ArrayList<>();
      for (Field field : load("ARBOR_EVENTS", name, loader).getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == EventType.class) {
          try {
            found.add((EventType<?>) field.get(null));
          } catch (IllegalAccessException e) {
            throw new NodeOptionsException("ARBOR_EVENTS", name, "its field " + field.getName() + " cannot be read", e);
          }
        }
      }
      if (found.isEmpty()) {
        throw new NodeOptionsException("ARBOR_EVENTS", name, "has no public static EventType field");
      }
      events.addAll(found);
    }
    return events;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static List<PluginDefinition<?>> plugin(String name, Class<?> type) {
    if (Plugin.class.isAssignableFrom(type)) {
      Constructor<?> constructor = constructor("ARBOR_PLUGINS", type);
      try {
        return List.of(new PluginDefinition(PluginDiscovery.describe(type), () -> (Plugin) instantiate(constructor)));
      } catch (InvalidDescriptorException e) {
        throw new NodeOptionsException("ARBOR_PLUGINS", name, e.getMessage(), e);
      }
    }
    if (Supplier.class.isAssignableFrom(type)) {
      Object supplied = ((Supplier<?>) instantiate("ARBOR_PLUGINS", name, constructor("ARBOR_PLUGINS", type))).get();
      if (supplied instanceof PluginDefinition<?> definition) {
        return List.of(definition);
      }
      if (supplied instanceof Collection<?> many && !many.isEmpty()
          && many.stream().allMatch(element -> element instanceof PluginDefinition<?>)) {
        return many.stream().<PluginDefinition<?>>map(element -> (PluginDefinition<?>) element).toList();
      }
      throw new NodeOptionsException("ARBOR_PLUGINS", name, "its get() must return a PluginDefinition or a non-empty collection "
          + "of them, returned " + (supplied == null ? "null" : supplied.getClass().getName()));
    }
    throw new NodeOptionsException("ARBOR_PLUGINS", name,
        "must implement io.arbor.plugin.Plugin (annotated with @ArborPlugin) or java.util.function.Supplier<PluginDefinition<?>>");
  }

  private static Class<?> load(String variable, String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new NodeOptionsException(variable, name, "no such class on the class path (" + e + ")", e);
    }
  }

  private static Constructor<?> constructor(String variable, Class<?> type) {
    try {
      return type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new NodeOptionsException(variable, type.getName(), "needs a public no-argument constructor", e);
    }
  }

  private static Object instantiate(Constructor<?> constructor) {
    return instantiate("ARBOR_PLUGINS", constructor.getDeclaringClass().getName(), constructor);
  }

  private static Object instantiate(String variable, String name, Constructor<?> constructor) {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new NodeOptionsException(variable, name, "its constructor threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new NodeOptionsException(variable, name, "cannot be instantiated (" + e + ")", e);
    }
  }
}
