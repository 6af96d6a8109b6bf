package io.arbor.runtime.metrics;

import com.typesafe.config.Config;
import io.arbor.runtime.Arbor;
import io.arbor.runtime.InstallOutcome;
import io.arbor.runtime.InvalidArgumentException;
import io.arbor.runtime.chain.CallObserver;
import io.arbor.runtime.registry.LifecycleChange;
import io.arbor.runtime.registry.RegistryView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbor's meters ({@link ArborMetricNames}) on a Micrometer registry: bind it once, close it to stop.
 * It observes every call on this node ({@link Arbor#observeCalls}) with meters registered once per
 * plugin and event and held by the plugin's cell, so a hop costs a plain store or two in its actor
 * ({@link PluginSeries}); it follows the lifecycle and install outcomes,
 * and at the end of every interval samples the totals into {@link RecentFigures} and asks the members
 * for their registry versions.
 */
public final class ArborMetrics implements MeterBinder, CallObserver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArborMetrics.class);

  /** Everything the panel's charts draw: the totals and the last intervals of each plugin and event. */
  public record Figures(boolean enabled, long intervalSeconds, Map<String, PluginFigures> plugins, Map<String, EventFigures> events) {}

  public record PluginFigures(String event, long calls, long failures, Double meanMillis, List<RecentFigures.Interval> recent) {}

  public record EventFigures(long calls, long halts, long failures, Double meanMillis, List<RecentFigures.Interval> recent) {}

  private final Arbor arbor;
  private final Duration interval;
  private final RecentFigures recentPlugins;
  private final RecentFigures recentEvents;
  private final Map<String, PluginSeries> plugins = new ConcurrentHashMap<>();
  private final Map<String, EventMeters> events = new ConcurrentHashMap<>();
  private final Map<String, MemberGauges> members = new ConcurrentHashMap<>();
  private final Map<LifecycleChange.Kind, Counter> lifecycle = new EnumMap<>(LifecycleChange.Kind.class);
  private final List<AutoCloseable> subscriptions = new ArrayList<>();
  private volatile MeterRegistry registry;
  private Cancellable sampling;
  private volatile boolean closed;

  /**
   * @param interval how often the totals are sampled into the recent intervals (and the members asked)
   * @param keep how many intervals each plugin and event keeps
   */
  public ArborMetrics(Arbor arbor, Duration interval, int keep) {
    if (interval.isNegative() || interval.isZero()) {
      throw new InvalidArgumentException("arbor.metrics.interval", "must be positive (was " + interval + ")");
    }
    if (keep < 1) {
      throw new InvalidArgumentException("arbor.metrics.recent", "must be at least 1 (was " + keep + ")");
    }
    this.arbor = arbor;
    this.interval = interval;
    this.recentPlugins = new RecentFigures(keep);
    this.recentEvents = new RecentFigures(keep);
  }

  /** With the {@code arbor.metrics} settings of Arbor's ActorSystem. */
  public static ArborMetrics of(Arbor arbor) {
    Config config = arbor.system().settings().config().getConfig("arbor.metrics");
    return new ArborMetrics(arbor, config.getDuration("interval"), config.getInt("recent"));
  }

  @Override
  public synchronized void bindTo(MeterRegistry target) {
    if (registry != null) {
      throw new IllegalStateException("ArborMetrics is bound already; bind a CompositeMeterRegistry to publish to several");
    }
    registry = target;
    for (LifecycleChange.Kind kind : LifecycleChange.Kind.values()) {
      lifecycle.put(kind, Counter.builder(ArborMetricNames.LIFECYCLE_CHANGES).description("Lifecycle changes applied on this node").tag("kind", tagOf(kind.name())).register(target));
    }
    for (String operation : List.of("install", "uninstall")) {
      installs(operation, "ok");
    }
    Gauge.builder(ArborMetricNames.REGISTRY_VERSION, arbor, Arbor::appliedVersion)
        .description("The registry version this node's chains reflect").register(target);
    subscriptions.add(arbor.onLifecycleChange(this::changed));
    subscriptions.add(arbor.onInstallOutcome(this::installed));
    CallObserver replaced = arbor.observeCalls(this);
    if (replaced != CallObserver.NONE) {
      log.warn("Arbor's calls were reported to {}; from now on they are reported to these metrics instead (one observer at a"
          + " time: bind one ArborMetrics to a CompositeMeterRegistry to publish to several, or set arbor.admin.metrics = off"
          + " when the application binds its own)", replaced);
    }
    sampling = arbor.system().scheduler().scheduleAtFixedRate(interval, interval, this::sample, arbor.system().executionContext());
  }

  @Override
  public PluginMeter plugin(String event, String plugin) {
    return plugins.compute(plugin, (name, existing) -> {
      if (existing != null && existing.event.equals(event)) {
        return existing;
      }
      if (existing != null) {
        existing.remove(); // re-registered on another event: its old series ends
      }
      return new PluginSeries(registry, event, name);
    }).newCellMeter();
  }

  @Override
  public EventMeter event(String event) {
    return events.computeIfAbsent(event, name -> new EventMeters(registry, name));
  }

  /** {@code plugin}'s series, or null: for tests. */
  PluginSeries series(String plugin) {
    return plugins.get(plugin);
  }

  /** The totals and recent intervals of every plugin and event that has had a call on this node. */
  public Figures figures() {
    Map<String, PluginFigures> pluginFigures = new TreeMap<>();
    plugins.forEach((name, series) -> {
      RecentFigures.Totals totals = series.totals();
      pluginFigures.put(name, new PluginFigures(series.event, totals.calls(), totals.failures(), totals.meanMillis(),
          recentPlugins.recent(name)));
    });
    Map<String, EventFigures> eventFigures = new TreeMap<>();
    events.forEach((name, meters) -> {
      RecentFigures.Totals totals = meters.totals();
      eventFigures.put(name, new EventFigures(totals.calls(), totals.halts(), totals.failures(), totals.meanMillis(),
          recentEvents.recent(name)));
    });
    return new Figures(true, interval.toSeconds(), pluginFigures, eventFigures);
  }

  @Override
  public synchronized void close() {
    if (sampling != null) {
      sampling.cancel();
    }
    subscriptions.forEach(subscription -> {
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("Closing a metrics subscription failed", e);
      }
    });
    subscriptions.clear();
    arbor.stopObservingCalls(this);
    closed = true;
  }

  private void changed(LifecycleChange change) {
    lifecycle.get(change.kind()).increment();
    if (change.kind() == LifecycleChange.Kind.UNREGISTERED && change.plugin() != null) {
      PluginSeries gone = plugins.remove(change.plugin());
      if (gone != null) {
        gone.remove();
      }
      recentPlugins.forget(change.plugin());
    }
  }

  private void installed(InstallOutcome outcome) {
    installs(outcome.operation(), outcome.succeeded() ? "ok" : outcome.code()).increment();
  }

  private Counter installs(String operation, String outcome) {
    return Counter.builder(ArborMetricNames.INSTALLS).description("Installs and uninstalls run through this node")
        .tag("operation", operation).tag("outcome", outcome).register(registry);
  }

  /** The end of an interval: the totals into the recent figures, and the members' versions into their gauges. */
  private void sample() {
    try {
      Instant now = Instant.now();
      plugins.forEach((name, series) -> recentPlugins.sample(name, series.totals(), now));
      events.forEach((name, meters) -> recentEvents.sample(name, meters.totals(), now));
      arbor.memberVersions().whenComplete((versions, error) -> {
        if (closed) {
          return; // answered after close: no gauge to register any more
        }
        if (error == null) {
          members(versions);
        } else {
          log.debug("The members' registry versions are not known this interval", error);
        }
      });
    } catch (RuntimeException e) { // a failed sample must not end the schedule
      log.warn("Sampling Arbor's metrics failed", e);
    }
  }

  private void members(List<RegistryView.Version> versions) {
    long newest = versions.stream().mapToLong(RegistryView.Version::view).max().orElse(0);
    Set<String> present = new HashSet<>();
    for (RegistryView.Version version : versions) {
      present.add(version.node());
      MemberGauges gauges = members.computeIfAbsent(version.node(), node -> new MemberGauges(registry, node));
      gauges.applied.set(version.applied());
      gauges.lag.set(Math.max(0, newest - version.applied()));
    }
    members.entrySet().removeIf(entry -> {
      boolean gone = !present.contains(entry.getKey());
      if (gone) {
        registry.remove(entry.getValue().appliedGauge);
        registry.remove(entry.getValue().lagGauge);
      }
      return gone;
    });
  }

  private static String tagOf(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** One event's meters. */
  private static final class EventMeters implements EventMeter {
    private final Counter calls;
    private final Counter halts;
    private final Counter failures;
    private final Timer latency;

    EventMeters(MeterRegistry registry, String event) {
      this.calls = Counter.builder(ArborMetricNames.EVENT_CALLS).description("Calls that ran the event's chain")
          .tag("event", event).register(registry);
      this.halts = Counter.builder(ArborMetricNames.EVENT_HALTS).description("Calls a plugin halted").tag("event", event)
          .register(registry);
      this.failures = Counter.builder(ArborMetricNames.EVENT_FAILURES).description("Calls that failed").tag("event", event)
          .register(registry);
      this.latency = Timer.builder(ArborMetricNames.EVENT_LATENCY).description("A call from its start to its result, one in 16 timed")
          .tag("event", event).register(registry);
    }

    RecentFigures.Totals totals() {
      return new RecentFigures.Totals((long) calls.count(), (long) failures.count(), (long) halts.count(), latency.count(),
          latency.totalTime(TimeUnit.NANOSECONDS));
    }

    @Override
    public void completed(boolean halted, long nanos) {
      calls.increment();
      if (halted) {
        halts.increment();
      }
      if (nanos >= 0) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void failed(long nanos) {
      calls.increment();
      failures.increment();
      if (nanos >= 0) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** A member's gauges, over values the sampling sets. */
  private static final class MemberGauges {
    private final AtomicLong applied = new AtomicLong(-1);
    private final AtomicLong lag = new AtomicLong();
    private final Gauge appliedGauge;
    private final Gauge lagGauge;

    MemberGauges(MeterRegistry registry, String member) {
      appliedGauge = Gauge.builder(ArborMetricNames.MEMBER_VERSION, applied, AtomicLong::get)
          .description("The registry version the member's chains reflect").tag("member", member).register(registry);
      lagGauge = Gauge.builder(ArborMetricNames.MEMBER_LAG, lag, AtomicLong::get)
          .description("Versions the member's chains are behind the newest view").tag("member", member).register(registry);
    }
  }
}
