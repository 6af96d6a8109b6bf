package io.arbor.runtime.chain;

import io.arbor.plugin.FailurePolicy;
import io.arbor.plugin.Step;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * One step of a call: the plugin at {@code position} is to run with {@code state}. It is the message
 * a plugin actor receives. Exactly one party moves a hop on, by
 * setting its {@code next} with compare-and-set: the plugin that answered, or the watchdog that
 * timed it out (or the rescue of a stopped actor). The loser's outcome is dropped. Each hop is a new
 * object, so this write never contends with the rest of the call.
 */
final class Hop implements PluginActor.Command {
  private static final VarHandle NEXT;
  private static final VarHandle IN_PLUGIN_CODE;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(Hop.class, "next", Hop.class);
      IN_PLUGIN_CODE = MethodHandles.lookup().findVarHandle(Hop.class, "inPluginCode", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  enum End {
    NONE,
    COMPLETED,
    HALTED,
    FAILED_CALL
  }

  final ChainRun run;
  final int position;
  final Object state;
  /** The hop this one follows, and how that hop went: null when its plugin answered in an unprofiled call. */
  private final Hop previous;
  private final Outcome outcome;
  private final End end;
  /** No plugin has failed so far in this call: the result needs no walk back through the hops. */
  private final boolean clean;
  private volatile Hop next;
  /**
   * When the watchdog first saw this hop pending (0: not yet). Only the watchdog's thread reads or
   * writes it, so calls pay nothing for timeouts: a hop answered within a tick is never stamped.
   */
  private long firstSeen;
  /** When the watchdog first saw the plugin running this hop (0: not yet); watchdog only. */
  private long runningSince;
  /** The watchdog moved this hop on already; watchdog only, so a stalled executor gets one task, not one per tick. */
  private boolean expiring;
  /**
   * The plugin itself ran this hop longer than its timeout, as the watchdog saw it. Only then does a
   * late answer count as the plugin's failure; time spent queued behind other calls does not.
   */
  private volatile boolean overran;
  /**
   * The plugin's code is running this hop's call now. Kept in the hop, which only this call's
   * threads touch, rather than in the shared cell: written twice per hop, with release stores.
   */
  @SuppressWarnings("unused") // through IN_PLUGIN_CODE
  private boolean inPluginCode;

  /** A failure, or a profiled call's timing: kept out of the hop itself, which every call allocates per plugin. */
  private record Outcome(PluginFailure failure, long nanos) {}

  private Hop(ChainRun run, int position, Object state, Hop previous, PluginFailure failure, End end, long nanos) {
    this.run = run;
    this.position = position;
    this.state = state;
    this.previous = previous;
    this.outcome = failure == null && !run.profiled ? null : new Outcome(failure, nanos);
    this.end = end;
    this.clean = failure == null && (previous == null || previous.clean);
  }

  private PluginFailure failure() {
    return outcome == null ? null : outcome.failure();
  }

  static Hop first(ChainRun run) {
    int length = run.chain.cells.length;
    return new Hop(run, 0, run.input, null, null, length == 0 ? End.COMPLETED : End.NONE, 0);
  }

  /** Whether this hop still waits for {@code cell}'s plugin. */
  boolean isPendingAt(PluginCell cell) {
    return next == null && end == End.NONE && run.chain.cells[position] == cell;
  }

  /**
   * The plugin answered after {@code nanos} (-1: not timed); false when it was too late and the call
   * had already moved on. Only the party that moves the hop on reports it to the observer.
   */
  boolean answer(Step<?> step, long nanos) {
    Hop successor = step instanceof Step.Halt<?>
        ? new Hop(run, position, step.state(), this, null, End.HALTED, nanos)
        : forward(step.state(), null, nanos);
    return claim(successor, nanos);
  }

  /** The plugin failed: apply its failure policy. False when someone else moved the call first. */
  boolean fail(PluginFailure reason, long nanos) {
    FailurePolicy policy = run.chain.cells[position].descriptor().onFailure();
    Hop successor = switch (policy) {
      case SKIP -> forward(state, reason, nanos);
      case HALT -> new Hop(run, position, state, this, reason, End.HALTED, nanos);
      case FAIL_CALL -> new Hop(run, position, state, this, reason, End.FAILED_CALL, nanos);
    };
    return claim(successor, nanos);
  }

  /**
   * Called by the watchdog only, once per tick while this hop is at {@code cell} ({@code running}:
   * it is the message the plugin took last). The call moves on on {@code executor} once it has waited
   * longer than the timeout, queued or running; the plugin is blamed only if it ran that long itself.
   */
  void expireIfOverdue(PluginCell cell, long now, long timeoutMillis, Executor executor, boolean running) {
    if (running && end == End.NONE && run.chain.cells[position] == cell) {
      if (runningSince == 0) {
        runningSince = now;
      } else if (!overran && now - runningSince >= timeoutMillis) {
        overran = true;
      }
    }
    if (expiring || !isPendingAt(cell)) {
      return;
    }
    if (firstSeen == 0) {
      firstSeen = now;
    } else if (now - firstSeen >= timeoutMillis) {
      long waited = (now - firstSeen) * 1_000_000;
      String why = runningSince == 0 ? "no answer within " + timeoutMillis + " ms (it was still queued behind earlier calls)"
          : "no answer within " + timeoutMillis + " ms";
      executor.execute(() -> fail(new PluginFailure(cell.name, PluginFailure.Kind.TIMED_OUT, why), waited));
      expiring = true; // only once handed over: a rejected task is tried again next tick
    }
  }

  /** Called by the watchdog only: this hop waits at a plugin that calls must not wait for; it moves on at once, on {@code executor}. */
  void refuse(PluginCell cell, String why, Executor executor) {
    if (!expiring && isPendingAt(cell)) {
      executor.execute(() -> fail(new PluginFailure(cell.name, PluginFailure.Kind.UNAVAILABLE, why), 0));
      expiring = true; // only once handed over: a rejected task is tried again next tick
    }
  }

  void enterPluginCode() {
    IN_PLUGIN_CODE.setRelease(this, true);
  }

  void leavePluginCode() {
    IN_PLUGIN_CODE.setRelease(this, false);
  }

  /** Whether the plugin's code is inside this hop's call now (the watchdog's view). */
  boolean inPluginCode() {
    return (boolean) IN_PLUGIN_CODE.getAcquire(this);
  }

  /** Whether the plugin itself ran this hop longer than its timeout (read after a late answer). */
  boolean overran() {
    return overran;
  }

  /** This hop was sent to a plugin actor that no longer exists; skip the plugin as unavailable. */
  void rescue(org.apache.pekko.actor.ActorRef deadActor) {
    if (next != null || end != End.NONE) {
      return;
    }
    PluginCell cell = run.chain.cells[position];
    if (cell.ref() != null && Adapter.toClassic(cell.ref()).equals(deadActor)) {
      fail(new PluginFailure(cell.name, PluginFailure.Kind.UNAVAILABLE, "the plugin's actor has stopped"), 0);
    }
  }

  /** Deliver this hop: to its plugin, or to the caller when the call has ended. */
  void send() {
    switch (end) {
      case NONE -> {
        PluginCell cell = run.chain.cells[position];
        String refusal = cell.refusal();
        if (run.closed()) {
          run.fail(new ArborClosedException("the rest of the call to '" + run.chain.event + "'"));
        } else if (refusal != null) {
          fail(new PluginFailure(cell.name, PluginFailure.Kind.UNAVAILABLE, refusal), 0);
        } else {
          cell.ref().tell(this);
        }
      }
      case COMPLETED, HALTED -> run.succeed(result());
      case FAILED_CALL -> run.fail(new PluginFailedException(failure(), result()));
    }
  }

  private Hop forward(Object newState, PluginFailure reason, long nanos) {
    int following = position + 1;
    End ended = following == run.chain.cells.length ? End.COMPLETED : End.NONE;
    return new Hop(run, following, newState, this, reason, ended, nanos);
  }

  /**
   * Moves the call on to {@code successor} unless someone else did first; the winner reports how the
   * plugin's hop went (answered after {@code nanos}, or failed as the successor records) before the
   * successor is sent, so the count is in by the time the caller has the result.
   */
  private boolean claim(Hop successor, long nanos) {
    if (!NEXT.compareAndSet(this, null, successor)) {
      return false;
    }
    CallObserver.PluginMeter meter = run.chain.cells[position].meter(run.observer);
    PluginFailure failure = successor.failure();
    if (failure == null) {
      meter.answered(nanos);
    } else {
      meter.failed(failure.kind());
    }
    successor.send();
    return true;
  }

  private CallResult<Object> result() {
    if (clean && end == End.COMPLETED && !run.profiled) {
      return run.result(state, run.chain.plugins, null, List.of(), List.of());
    }
    int hops = 0;
    int answered = 0;
    for (Hop hop = this; hop.previous != null; hop = hop.previous) {
      hops++;
      if (hop.failure() == null) {
        answered++;
      }
    }
    PluginCell[] cells = run.chain.cells;
    String[] ran = new String[answered];
    PluginFailure[] failures = new PluginFailure[hops - answered];
    PluginTiming[] timings = new PluginTiming[run.profiled ? hops : 0];
    int failed = failures.length;
    for (Hop hop = this; hop.previous != null; hop = hop.previous) {
      String plugin = cells[hop.previous.position].name;
      if (hop.failure() == null) {
        ran[--answered] = plugin;
      } else {
        failures[--failed] = hop.failure();
      }
      if (run.profiled) {
        timings[--hops] = new PluginTiming(plugin, Duration.ofNanos(hop.outcome.nanos()));
      }
    }
    String haltedBy = end == End.HALTED ? cells[position].name : null;
    return run.result(state, List.of(ran), haltedBy, Arrays.asList(failures), Arrays.asList(timings));
  }
}
