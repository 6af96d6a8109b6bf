package io.arbor.runtime.registry;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a node's {@link RegistryView} does with a notification, and which events' chains a change
 * touches: plain functions over versions and states, no actors.
 */
public final class ViewRules {
  private ViewRules() {}

  /** What to do with a {@link Registry.Persisted} notification. */
  public sealed interface Decision {}

  /** It continues the view exactly: apply its events. */
  public record Apply() implements Decision {}

  /** The view already holds it (a duplicate, or older than a state transfer): drop it. */
  public record Stale() implements Decision {}

  /** Versions are missing before it (a lost notification, a restarted writer): catch up from the writer. */
  public record Gap(long missingFrom, long missingTo) implements Decision {}

  public static Decision decide(long viewVersion, Registry.Persisted notification) {
    if (notification.toVersion() <= viewVersion) {
      return new Stale();
    }
    long expected = notification.toVersion() - notification.fromVersion() + 1;
    if (notification.fromVersion() == viewVersion + 1 && notification.events().size() == expected) {
      return new Apply();
    }
    return new Gap(viewVersion + 1, notification.fromVersion() > viewVersion + 1 ? notification.fromVersion() - 1 : notification.toVersion());
  }

  /**
   * The events whose chains may change when {@code events} take the registry from {@code before} to
   * {@code after}: the event of each plugin they name (before and after, for a plugin that moved),
   * and the events of its direct dependents, whose eligibility reads its status; for a pause or a
   * resume, its target ({@link Pause#ALL} stands for every event). It costs what the change touches,
   * never the size of the registry.
   */
  public static Set<String> touchedEvents(RegistryState before, RegistryState after, Iterable<? extends RegistryEvent> events) {
    Set<String> touched = new TreeSet<>();
    Set<String> seen = new TreeSet<>();
    for (RegistryEvent event : events) {
      if (event instanceof RegistryEvent.Paused paused) {
        touched.add(paused.target());
        continue;
      }
      if (event instanceof RegistryEvent.Resumed resumed) {
        touched.add(resumed.target());
        continue;
      }
      if (!seen.add(event.plugin())) {
        continue;
      }
      before.plugin(event.plugin()).ifPresent(record -> touched.add(record.event()));
      after.plugin(event.plugin()).ifPresent(record -> touched.add(record.event()));
      for (String dependent : after.dependentsOf(event.plugin())) {
        after.plugin(dependent).ifPresent(record -> touched.add(record.event()));
      }
    }
    return touched;
  }
}
