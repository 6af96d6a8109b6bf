package io.arbor.runtime.metrics;

import io.arbor.runtime.chain.CallObserver;
import io.arbor.runtime.chain.PluginFailure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One plugin's meters. Its answered hops are counted by the plugin actor alone, in a meter of the
 * actor's cell ({@link #newCellMeter}), with plain stores: an atomic add per hop, on a counter the
 * cores share, cost the benchmark several percent. The registered meters are functions that sum the
 * cells' counts when scraped; a cell whose actor stopped is folded into the series' own totals and
 * let go, so a plugin restarted many times keeps a handful of cells. Failures come from any thread
 * (the watchdog, a caller skipping an unavailable plugin) and are rare, so they go to adders.
 */
final class PluginSeries {
  final String event;
  final String plugin;
  private final MeterRegistry registry;
  /** The live cells' meters, and the counts of those retired; guarded by this series. */
  private final List<CellMeter> cells = new ArrayList<>();
  private long retiredAnswered;
  private long retiredTimed;
  private long retiredTimedNanos;
  private final Map<PluginFailure.Kind, LongAdder> failures = new ConcurrentHashMap<>();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();

  PluginSeries(MeterRegistry registry, String event, String plugin) {
    this.registry = registry;
    this.event = event;
    this.plugin = plugin;
    meters.add(FunctionCounter.builder(ArborMetricNames.PLUGIN_CALLS, this, PluginSeries::calls)
        .description("Hops at the plugin, answered or failed").tag("event", event).tag("plugin", plugin).register(registry));
    meters.add(FunctionTimer.builder(ArborMetricNames.PLUGIN_LATENCY, this, PluginSeries::timed, PluginSeries::timedNanos,
        TimeUnit.NANOSECONDS).description("Time inside the plugin's call, one answered hop in 16 timed").tag("event", event).tag("plugin", plugin).register(registry));
  }

  /** A meter for one plugin actor's cell: its answered hops are counted by that actor only. */
  synchronized CallObserver.PluginMeter newCellMeter() {
    CellMeter meter = new CellMeter();
    cells.add(meter);
    return meter;
  }

  /** Under the lock, so that a scrape never sees a retired cell's counts twice or not at all. */
  private synchronized void retire(CellMeter cell) {
    if (cells.remove(cell)) {
      retiredAnswered += (long) CellMeter.ANSWERED.getOpaque(cell);
      retiredTimed += (long) CellMeter.TIMED.getOpaque(cell);
      retiredTimedNanos += (long) CellMeter.TIMED_NANOS.getOpaque(cell);
    }
  }

  double calls() {
    return answered() + failures();
  }

  long failures() {
    return failures.values().stream().mapToLong(LongAdder::sum).sum();
  }

  synchronized long timed() {
    return retiredTimed + cells.stream().mapToLong(cell -> (long) CellMeter.TIMED.getOpaque(cell)).sum();
  }

  synchronized double timedNanos() {
    return retiredTimedNanos + cells.stream().mapToLong(cell -> (long) CellMeter.TIMED_NANOS.getOpaque(cell)).sum();
  }

  /** How many cells' meters are held (live cells): for tests. */
  synchronized int liveCells() {
    return cells.size();
  }

  /** Under the lock, so that the counts are of one moment. */
  synchronized RecentFigures.Totals totals() {
    return new RecentFigures.Totals((long) calls(), failures(), 0, timed(), timedNanos());
  }

  /** Takes the meters off the registry: the plugin is gone. */
  void remove() {
    meters.forEach(registry::remove);
  }

  private synchronized long answered() {
    return retiredAnswered + cells.stream().mapToLong(cell -> (long) CellMeter.ANSWERED.getOpaque(cell)).sum();
  }

  private void failed(PluginFailure.Kind kind) {
    failures.computeIfAbsent(kind, this::failureCounter).increment();
  }

  private LongAdder failureCounter(PluginFailure.Kind kind) {
    LongAdder count = new LongAdder();
    meters.add(FunctionCounter.builder(ArborMetricNames.PLUGIN_FAILURES, count, LongAdder::sum)
        .description("Failed hops at the plugin, by kind").tag("event", event)
        .tag("plugin", plugin).tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry));
    return count;
  }

  /**
   * One cell's counts. Only its plugin actor writes them (messages to an actor are ordered, so each
   * write sees the last); opaque stores and loads keep each long whole for the scrape, which may
   * read a count a few hops old. Padded to a cache line of their own: the cells' meters are made one
   * after another, and two plugins' actors writing one line from two cores would pass it back and
   * forth on every hop.
   */
  private final class CellMeter implements CallObserver.PluginMeter {
    private static final VarHandle ANSWERED;
    private static final VarHandle TIMED;
    private static final VarHandle TIMED_NANOS;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        ANSWERED = lookup.findVarHandle(CellMeter.class, "answered", long.class);
        TIMED = lookup.findVarHandle(CellMeter.class, "timed", long.class);
        TIMED_NANOS = lookup.findVarHandle(CellMeter.class, "timedNanos", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @SuppressWarnings("unused") // padding: HotSpot lays out fields of one size in declaration order
    private long before1, before2, before3, before4, before5, before6, before7;
    @SuppressWarnings("unused") // through the handles
    private long answered;
    @SuppressWarnings("unused")
    private long timed;
    @SuppressWarnings("unused")
    private long timedNanos;
    @SuppressWarnings("unused")
    private long after1, after2, after3, after4, after5, after6, after7;

    @Override
    public void answered(long nanos) {
      ANSWERED.setOpaque(this, (long) ANSWERED.get(this) + 1);
      if (nanos >= 0) {
        TIMED.setOpaque(this, (long) TIMED.get(this) + 1);
        TIMED_NANOS.setOpaque(this, (long) TIMED_NANOS.get(this) + nanos);
      }
    }

    @Override
    public void failed(PluginFailure.Kind kind) {
      PluginSeries.this.failed(kind);
    }

    @Override
    public void retired() {
      retire(this);
    }
  }
}
