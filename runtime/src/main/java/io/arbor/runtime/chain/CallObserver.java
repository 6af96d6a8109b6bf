package io.arbor.runtime.chain;

/**
 * Told how every plugin hop and every call that ran a chain went on this node: what metrics are
 * built on ({@code Arbor.observeCalls}). It runs on the call path, in the plugin's actor or the
 * caller's thread, so its meters must be cheap, must not block and must not throw.
 *
 * <p>Meters are asked for once per plugin and event (and again only when the observer is
 * replaced), never per call. Time is read for one hop and one call in {@link #TIMED_ONE_IN} (and
 * for every profiled call): a clock read costs more than counting, so latency is sampled while
 * counts are exact.
 */
public interface CallObserver {
  /** One hop, and one call, in this many is timed. */
  int TIMED_ONE_IN = 16;

  /** Observes nothing: what runs until an observer is set. */
  CallObserver NONE = new CallObserver() {
    private final PluginMeter plugin = new PluginMeter() {
      @Override
      public void answered(long nanos) {}

      @Override
      public void failed(PluginFailure.Kind kind) {}
    };
    private final EventMeter event = new EventMeter() {
      @Override
      public void completed(boolean halted, long nanos) {}

      @Override
      public void failed(long nanos) {}
    };

    @Override
    public PluginMeter plugin(String event, String plugin) {
      return this.plugin;
    }

    @Override
    public EventMeter event(String event) {
      return this.event;
    }
  };

  /** The meter of {@code plugin}'s hops on {@code event}. */
  PluginMeter plugin(String event, String plugin);

  /** The meter of the calls to {@code event}. */
  EventMeter event(String event);

  /** One plugin's hops: each one either answered or failed. */
  interface PluginMeter {
    /** The plugin answered (went on or halted); {@code nanos} is the time inside its call, or -1 when this hop was not timed. */
    void answered(long nanos);

    /** The plugin failed this hop: threw, timed out, was unavailable, handed on a bad state. */
    void failed(PluginFailure.Kind kind);

    /** The actor of this meter's cell has stopped: no hop will be answered through it again (failures still may). */
    default void retired() {}
  }

  /** One event's calls, counted as they end. */
  interface EventMeter {
    /** The call ran its chain to the end or to a halt; {@code nanos} from its start, or -1 when not timed. */
    void completed(boolean halted, long nanos);

    /** The call failed (a plugin's failure policy failed it, or Arbor closed under it). */
    void failed(long nanos);
  }
}
