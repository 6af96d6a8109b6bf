package io.arbor.runtime.registry;

import static io.arbor.runtime.InvalidArgumentException.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a lifecycle operation applies to: one plugin, every plugin of an event, or all plugins. It
 * travels in {@link Registry.Change}, so Jackson writes which one it is by a fixed name, never a class name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "target")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Target.Plugin.class, name = "plugin"),
    @JsonSubTypes.Type(value = Target.Event.class, name = "event"),
    @JsonSubTypes.Type(value = Target.All.class, name = "all")})
public sealed interface Target {
  record Plugin(String name) implements Target {
    public Plugin {
      requireNonNull("name", name);
    }
  }

  record Event(String name) implements Target {
    public Event {
      requireNonNull("name", name);
    }
  }

  record All() implements Target {}

  static Target plugin(String name) {
    return new Plugin(name);
  }

  static Target event(String name) {
    return new Event(name);
  }

  static Target all() {
    return new All();
  }
}
