package io.arbor.runtime.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import static io.arbor.runtime.InvalidArgumentException.requireNonNull;

/** What a lifecycle operation applies to: one plugin, every plugin of an event, or all plugins. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
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
