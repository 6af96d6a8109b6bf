package io.arbor.runtime.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns journaled registry events into {@link LifecycleChange}s, replaying them over a state so that
 * each change knows its plugin's event and previous status.
 */
public final class LifecycleHistory {
  private RegistryState state;

  public LifecycleHistory(RegistryState start) {
    this.state = start;
  }

  /** The changes {@code events} make, in order; afterwards this history stands after them. */
  public List<LifecycleChange> replay(List<? extends RegistryEvent> events) {
    List<LifecycleChange> changes = new ArrayList<>(events.size());
    for (RegistryEvent event : events) {
      PluginRecord before = state.plugin(event.plugin()).orElse(null);
      state = state.apply(event);
      PluginRecord after = state.plugin(event.plugin()).orElse(before);
      String eventName = after == null ? "" : after.event();
      changes.add(LifecycleChange.of(state.version(), event, eventName, before == null ? null : before.status()));
    }
    return changes;
  }
}
