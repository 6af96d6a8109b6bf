package io.arbor.runtime.chain;

import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.Step;
import io.arbor.runtime.store.PluginStores;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One plugin's actor: runs the plugin on each call that reaches it and hands the state on.
 *
 * <p>When the plugin fails (throws, returns null or a state that is null or of the wrong type,
 * answers after its timeout, or fails to start) the
 * failure is reported in the call, which moves on, and the actor restarts the plugin with a fresh
 * instance as its {@link RestartPolicy} says: at once, or after a backoff during which calls skip the
 * plugin as unavailable. Past its limit the actor stops with the failure as its cause; its event
 * supervisor, which watches it, then marks the plugin failed.
 *
 * <p>Why not {@code Behaviors.supervise}: its interceptor runs on every message and cost about 8% of
 * a 10-plugin chain's throughput in the benchmark; a failure here is already caught to be reported,
 * so restarting from that point costs nothing on the call path.
 */
public final class PluginActor {
  /** Calls passing through ({@link Hop}), and the end of a backoff. */
  public interface Command {}

  private enum BackoffOver implements Command {
    INSTANCE
  }

  /** The plugin's settings changed ({@link PluginCell#settings()}): take them between two calls. */
  enum Reconfigure implements Command {
    INSTANCE
  }

  private static final Logger log = LoggerFactory.getLogger(PluginActor.class);

  private final ActorContext<Command> context;
  private final PluginCell cell;
  private final PluginDefinition<?> definition;
  private final RestartPolicy restarts;
  private final PluginStores stores;
  private Plugin<Object> plugin;
  /** The running instance's context: its settings and children; null while no instance runs. */
  private InstanceContext instance;
  private long instances;

  static Behavior<Command> create(PluginCell cell, PluginDefinition<?> definition, PluginStores stores) {
    return Behaviors.setup(context -> new PluginActor(context, cell, definition, stores).start());
  }

  private PluginActor(ActorContext<Command> context, PluginCell cell, PluginDefinition<?> definition, PluginStores stores) {
    this.context = context;
    this.cell = cell;
    this.definition = definition;
    this.stores = stores;
    this.restarts = new RestartPolicy(cell.descriptor().restart());
    // Usually attached already by the event supervisor at spawn; this covers any other way in.
    PluginMailbox.of(Adapter.toClassic(context.getSelf())).ifPresentOrElse(cell::attachMailbox,
        () -> log.warn("Plugin '{}' does not run on arbor.plugin-mailbox, so its calls cannot time out", cell.name));
  }

  /**
   * A fresh plugin instance, started; a failure to start counts like any other. Retried in a loop,
   * not by recursion, so that no restart limit can overflow the stack.
   */
  private Behavior<Command> start() {
    while (true) {
      Throwable failure = startFresh();
      if (failure == null) {
        return running();
      }
      RestartPolicy.Restart restart = restartOrGiveUp(failure);
      if (!restart.after().isZero()) {
        return backOff(restart);
      }
    }
  }

  /** Null when the plugin started, else why it did not. */
  @SuppressWarnings("unchecked")
  private Throwable startFresh() {
    InstanceContext starting = new InstanceContext(context, cell.descriptor(), cell.settings(), stores, ++instances);
    try {
      Plugin<Object> fresh = (Plugin<Object>) definition.factory().get();
      if (fresh == null) {
        throw new IllegalStateException("the factory of plugin '" + cell.name + "' returned null");
      }
      fresh.start(starting);
      plugin = fresh;
      instance = starting;
      cell.instance(fresh);
      return null;
    } catch (Throwable e) { // plugin code often fails to load: NoClassDefFoundError, ExceptionInInitializerError
      starting.stopChildren();
      log(null, "failed to start", e);
      rethrowIfFatal(e);
      return e;
    } finally {
      cell.startTried();
    }
  }

  private Behavior<Command> running() {
    return Behaviors.receive(
        (ignored, message) -> message instanceof Hop hop ? onHop(hop)
            : message == Reconfigure.INSTANCE ? onReconfigure() : Behaviors.same(),
        (ignored, signal) -> {
          if (signal instanceof PostStop) {
            stopPlugin();
          } else if (signal instanceof Terminated child && instance != null) {
            instance.childStopped(child.getRef());
          }
          return Behaviors.same();
        });
  }

  /**
   * New settings, between two calls: the instance takes them through its {@link Plugin#configure}
   * hook, or is replaced by a fresh one started with them (no hook, or the hook failed).
   */
  private Behavior<Command> onReconfigure() {
    Map<String, Object> next = cell.settings();
    Map<String, Object> previous = instance.settings();
    if (next.equals(previous)) {
      return Behaviors.same(); // started with them already
    }
    Throwable error = null;
    boolean applied = false;
    cell.runsOn(Thread.currentThread());
    cell.configuring(true);
    try {
      applied = plugin.configure(previous, next);
    } catch (Throwable thrown) {
      error = thrown;
    } finally {
      cell.configuring(false);
    }
    if (cell.isStuck()) {
      // Found stuck in the hook: a fresh instance with the new settings has taken the calls; this one ends here.
      log(null, "returned from configure() after being found stuck; a fresh instance has taken its calls", error);
      stopPlugin();
      return Behaviors.stopped();
    }
    if (applied) {
      instance.settings(next);
      log.info("Plugin '{}' on event '{}' took its new settings in place", cell.name, cell.descriptor().event());
      return Behaviors.same();
    }
    if (error != null) {
      log(null, "failed in configure(); it restarts with the new settings", error);
      rethrowIfFatal(error);
      return afterFailure(error);
    }
    log.info("Plugin '{}' on event '{}' restarts to take its new settings (its configure() did not take them)", cell.name,
        cell.descriptor().event());
    stopPlugin();
    return start();
  }

  private Behavior<Command> onHop(Hop hop) {
    if (!hop.isPendingAt(cell)) {
      return Behaviors.same(); // timed out or rescued while queued; the call has moved on
    }
    Step<Object> step = null;
    Throwable error = null;
    // A random pick rather than a count in this actor: a write per hop to the actor's object would
    // share its cache line with whatever was allocated beside it, read by the other core.
    long started = hop.run.profiled || ThreadLocalRandom.current().nextInt(CallObserver.TIMED_ONE_IN) == 0 ? System.nanoTime() : -1L;
    cell.runsOn(Thread.currentThread());
    hop.enterPluginCode();
    try {
      step = plugin.call(hop.state, hop.run.context);
    } catch (Throwable thrown) {
      error = thrown;
    }
    hop.leavePluginCode();
    if (cell.isStuck()) {
      // Replaced while it was stuck: this instance and its actor end here; the call moved on long ago.
      log(null, "returned after being found stuck; a fresh instance has taken its calls", error);
      stopPlugin();
      if (error != null) {
        rethrowIfFatal(error);
      }
      return Behaviors.stopped();
    }
    if (error != null) {
      hop.fail(new PluginFailure(cell.name, PluginFailure.Kind.THREW, describe(error)), elapsedSince(started));
      log(hop, "threw", error);
      rethrowIfFatal(error); // the call has moved on; a JVM-level error must still reach Pekko
      return afterFailure(error);
    }
    String invalid = invalidStep(step, hop.run.chain.stateType);
    if (invalid != null) {
      PluginFailure.Kind kind = step == null ? PluginFailure.Kind.RETURNED_NULL : PluginFailure.Kind.INVALID_STATE;
      hop.fail(new PluginFailure(cell.name, kind, invalid), elapsedSince(started));
      log(hop, invalid, null);
      return afterFailure(new IllegalStateException(invalid));
    }
    if (!hop.answer(step, elapsedSince(started)) && hop.overran()) {
      log(hop, "ran longer than its timeout of " + cell.descriptor().timeout().toMillis() + " ms", null);
      return afterFailure(new IllegalStateException("ran longer than its timeout"));
    }
    // An answer that lost only because the call had waited in the queue too long is not the plugin's fault.
    return Behaviors.same();
  }

  /** Why a plugin's step cannot go on to the next plugin or the caller, or null when it can. */
  private static String invalidStep(Step<Object> step, Class<?> stateType) {
    if (step == null) {
      return "call returned null instead of a step";
    }
    Object state = step.state();
    if (state == null) {
      return "handed on a null state";
    }
    if (!stateType.isInstance(state)) {
      return "handed on a " + state.getClass().getName() + " where the event's state is a " + stateType.getName();
    }
    return null;
  }

  private Behavior<Command> afterFailure(Throwable cause) {
    stopPlugin();
    RestartPolicy.Restart restart = restartOrGiveUp(cause);
    return restart.after().isZero() ? start() : backOff(restart);
  }

  /** The restart the policy allows after {@code cause}; past its limit this actor stops, and its supervisor marks the plugin failed. */
  private RestartPolicy.Restart restartOrGiveUp(Throwable cause) {
    RestartPolicy.Decision decision = restarts.onFailure(System.nanoTime());
    if (decision instanceof RestartPolicy.GiveUp giveUp) {
      throw new PluginGaveUp(cell.name, giveUp, cause);
    }
    return (RestartPolicy.Restart) decision;
  }

  private Behavior<Command> backOff(RestartPolicy.Restart restart) {
    context.scheduleOnce(restart.after(), context.getSelf(), BackoffOver.INSTANCE);
    return backingOff(restart.after().toMillis());
  }

  /** Between a failure and the restart: calls skip the plugin rather than wait for it. */
  private Behavior<Command> backingOff(long delayMillis) {
    return Behaviors.receive(Command.class)
        .onMessage(Hop.class, hop -> {
          if (hop.isPendingAt(cell)) {
            hop.fail(new PluginFailure(cell.name, PluginFailure.Kind.UNAVAILABLE,
                "restarting after a failure (backoff " + delayMillis + " ms)"), 0L);
          }
          return Behaviors.same();
        })
        .onMessageEquals(BackoffOver.INSTANCE, this::start)
        .onMessageEquals(Reconfigure.INSTANCE, Behaviors::same) // the restart starts with the cell's settings
        .build();
  }

  private void stopPlugin() {
    Plugin<Object> stopping = plugin;
    plugin = null;
    cell.instance(null);
    if (instance != null) {
      instance.stopChildren();
      instance = null;
    }
    if (stopping != null) {
      try {
        stopping.stop();
      } catch (Throwable e) { // an Error from plugin code must not escape the actor's handler either
        log.warn("Plugin '{}' failed in stop()", cell.name, e);
        rethrowIfFatal(e);
      }
    }
  }

  private static void rethrowIfFatal(Throwable error) {
    if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
      throw (VirtualMachineError) error;
    }
  }

  /** The time inside the plugin's call, or -1 when this hop is not timed. */
  private static long elapsedSince(long started) {
    return started < 0 ? -1L : System.nanoTime() - started;
  }

  private void log(Hop hop, String what, Throwable error) {
    String event = cell.descriptor().event();
    MDC.put("arbor.event", event);
    MDC.put("arbor.plugin", cell.name);
    try {
      if (hop == null) {
        log.warn("Plugin '{}' on event '{}' {}", cell.name, event, what, error);
      } else {
        log.warn("Plugin '{}' on event '{}' {}; the call went on, the plugin restarts", cell.name, event, what, error);
      }
    } finally {
      MDC.remove("arbor.event");
      MDC.remove("arbor.plugin");
    }
  }

  private static String describe(Throwable error) {
    return error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  /** The plugin failed past its restart limit: this actor stops with it as the cause. */
  static final class PluginGaveUp extends RuntimeException {
    PluginGaveUp(String plugin, RestartPolicy.GiveUp giveUp, Throwable cause) {
      super("plugin '" + plugin + "' failed " + giveUp.failures() + " times within " + giveUp.within() + ", giving up",
          cause);
    }
  }
}
