package io.arbor.runtime.chain;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One event's chain at one moment: its plugin actors in call order. Immutable and replaced whole when
 * the registry changes, so a call reads it once and never takes a lock.
 */
public final class ChainSnapshot {
  final String event;
  final Class<?> stateType;
  final PluginCell[] cells;
  final List<String> notLoaded;
  /** The plugins' names in order: the {@code ran} list of every call in which all of them answered. */
  final List<String> plugins;
  /** The context of every call without meta, built once. */
  final CallContext contextWithoutMeta;

  ChainSnapshot(String event, Class<?> stateType, List<PluginCell> cells, List<String> notLoaded) {
    this.event = event;
    this.stateType = stateType;
    this.cells = cells.toArray(new PluginCell[0]);
    this.notLoaded = List.copyOf(notLoaded);
    // List.copyOf, not Stream.toList(): the latter allows nulls, so CallResult would copy it on every call.
    this.plugins = List.copyOf(Arrays.stream(this.cells).map(cell -> cell.name).toList());
    this.contextWithoutMeta = new CallContext(event, Map.of());
  }

  public String event() {
    return event;
  }

  public Class<?> stateType() {
    return stateType;
  }

  /** The plugins a call runs, in order. */
  public List<String> plugins() {
    return plugins;
  }

  /** The running instance of each plugin in the chain, in order; null where its actor is restarting. */
  public List<Plugin<?>> instances() {
    return Arrays.stream(cells).<Plugin<?>>map(PluginCell::instance).toList();
  }

  /** Active plugins whose code is not on this node. */
  public List<String> notLoaded() {
    return notLoaded;
  }

  boolean sameAs(ChainSnapshot other) {
    return other != null && Arrays.equals(cells, other.cells) && notLoaded.equals(other.notLoaded);
  }
}
