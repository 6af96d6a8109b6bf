package io.arbor.runtime.chain;

import java.util.Arrays;
import java.util.List;

/**
 * One event's chain at one moment: its plugin actors in call order. Immutable and replaced whole when
 * the registry changes, so a call reads it once and never takes a lock.
 */
public final class ChainSnapshot {
  final String event;
  final Class<?> stateType;
  final PluginCell[] cells;
  final List<String> notLoaded;
  final Watchdog clock;

  ChainSnapshot(String event, Class<?> stateType, List<PluginCell> cells, List<String> notLoaded, Watchdog clock) {
    this.event = event;
    this.stateType = stateType;
    this.cells = cells.toArray(new PluginCell[0]);
    this.notLoaded = List.copyOf(notLoaded);
    this.clock = clock;
  }

  public String event() {
    return event;
  }

  public Class<?> stateType() {
    return stateType;
  }

  /** The plugins a call runs, in order. */
  public List<String> plugins() {
    return Arrays.stream(cells).map(cell -> cell.name).toList();
  }

  /** Active plugins whose code is not on this node. */
  public List<String> notLoaded() {
    return notLoaded;
  }

  boolean sameAs(ChainSnapshot other) {
    return other != null && Arrays.equals(cells, other.cells) && notLoaded.equals(other.notLoaded);
  }
}
