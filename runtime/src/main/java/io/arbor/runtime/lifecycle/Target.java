package io.arbor.runtime.lifecycle;

/** What a lifecycle operation applies to: one plugin, every plugin of an event, or all plugins. */
public sealed interface Target {
  record Plugin(String name) implements Target {}

  record Event(String name) implements Target {}

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
