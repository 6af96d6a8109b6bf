package io.arbor.runtime.chain;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.Plugin;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One event's chain at one moment: its plugin actors in call order. Immutable and replaced whole when
 * the registry changes, so a call reads it once and never takes a lock.
 *
 * <p>It counts the calls running on it, so that a plugin actor replaced by a new version of its code
 * stops only once no call that started on a chain holding it is left: every call is served entirely
 * by the old version or entirely by the new. A call {@link #enter}s before it starts and {@link #exit}s
 * when it ends; a snapshot {@link #supersede}d refuses to be entered, and the call reads the chain
 * again. The counter is striped ({@link LongAdder}), so concurrent calls do not contend on it.
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
  /** What a pause refusing calls before they start names: the event, or the whole runtime. */
  enum Paused {
    EVENT,
    RUNTIME
  }

  /** Calls are refused (or held) before they start, as this is paused; null while they are admitted. */
  final Paused paused;
  /** Paused calls are held until the resume rather than refused. */
  final boolean holds;
  private final LongAdder calls = new LongAdder();
  private volatile boolean superseded;
  /** The meter calls on this chain report to; a plain field, as {@link PluginCell}'s. */
  private Metered metered = new Metered(CallObserver.NONE, CallObserver.NONE.event(""));

  private record Metered(CallObserver by, CallObserver.EventMeter meter) {}

  ChainSnapshot(String event, Class<?> stateType, List<PluginCell> cells, List<String> notLoaded, Paused paused, boolean holds) {
    this.paused = paused;
    this.holds = paused != null && holds;
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

  /** Whether calls to the event are refused as paused. */
  public boolean isPaused() {
    return paused != null;
  }

  /** Active plugins whose code is not on this node. */
  public List<String> notLoaded() {
    return notLoaded;
  }

  /**
   * A call starts on this chain, unless it was superseded: then the caller reads the current chain.
   * The increment comes before the flag is read, and {@link #supersede} writes the flag before the
   * supervisor reads the count, so a call that gets in is always counted.
   */
  boolean enter() {
    calls.increment();
    if (superseded) {
      calls.decrement();
      return false;
    }
    return true;
  }

  void exit() {
    calls.decrement();
  }

  /** The meter of {@code observer} for this event, asked for once per observer and snapshot. */
  CallObserver.EventMeter meter(CallObserver observer) {
    Metered current = metered;
    if (current.by() != observer) {
      current = new Metered(observer, observer.event(event));
      metered = current;
    }
    return current.meter();
  }

  /** A newer chain is published: no call starts here from now on. */
  void supersede() {
    superseded = true;
  }

  /** No call is running on this chain now. */
  boolean idle() {
    return calls.sum() == 0;
  }

  /** Superseded, and every call that started here has ended. */
  boolean drained() {
    return superseded && idle();
  }

  boolean contains(PluginCell cell) {
    return Arrays.asList(cells).contains(cell);
  }

  boolean sameAs(ChainSnapshot other) {
    return other != null && Arrays.equals(cells, other.cells) && notLoaded.equals(other.notLoaded)
        && paused == other.paused && holds == other.holds;
  }
}
