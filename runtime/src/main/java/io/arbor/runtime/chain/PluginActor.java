package io.arbor.runtime.chain;

import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.RestartStrategy;
import io.arbor.plugin.Step;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One plugin's actor: runs the plugin on each call that reaches it and hands the state on. A failing
 * plugin is reported in the call and then restarted by this actor's supervisor with a fresh instance;
 * past the restart limit the actor stops and its event supervisor marks the plugin failed.
 */
public final class PluginActor {
  /** The only message is a call passing through ({@link Hop}). */
  public interface Command {}

  private static final Logger log = LoggerFactory.getLogger(PluginActor.class);

  private final PluginCell cell;
  private final Plugin<Object> plugin;

  static Behavior<Command> create(PluginCell cell, PluginDefinition<?> definition) {
    Behavior<Command> behavior = Behaviors.setup(context -> new PluginActor(context, cell, definition).behavior());
    return Behaviors.supervise(behavior).onFailure(Exception.class, strategy(cell.descriptor().restart()));
  }

  private static SupervisorStrategy strategy(RestartStrategy restart) {
    if (restart.maxRestarts() == 0) {
      return SupervisorStrategy.stop();
    }
    if (restart.hasBackoff()) {
      return SupervisorStrategy.restartWithBackoff(restart.backoffMin(), restart.backoffMax(), 0.2)
          .withMaxRestarts(restart.maxRestarts())
          .withResetBackoffAfter(restart.within())
          .withLoggingEnabled(false);
    }
    return SupervisorStrategy.restart().withLimit(restart.maxRestarts(), restart.within()).withLoggingEnabled(false);
  }

  @SuppressWarnings("unchecked")
  private PluginActor(ActorContext<Command> context, PluginCell cell, PluginDefinition<?> definition) throws Exception {
    this.cell = cell;
    if (Adapter.toClassic(context) instanceof ActorCell actorCell
        && actorCell.mailbox().messageQueue() instanceof PluginMailbox.Queue queue) {
      cell.attachMailbox(queue);
    } else {
      log.warn("Plugin '{}' does not run on arbor.plugin-mailbox, so its calls cannot time out", cell.name);
    }
    this.plugin = (Plugin<Object>) definition.factory().get();
    if (plugin == null) {
      throw new IllegalStateException("the factory of plugin '" + cell.name + "' returned null");
    }
    plugin.start(PluginContext.of(cell.descriptor()));
    cell.instance(plugin);
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive((context, message) -> onHop((Hop) message), (context, signal) -> onSignal(signal));
  }

  /** Returns same(), never another behavior: the supervisor would re-wrap it on every message. */
  private Behavior<Command> onHop(Hop hop) {
    if (!hop.isPendingAt(cell)) {
      return Behaviors.same(); // timed out or rescued while queued; the call has moved on
    }
    Step<Object> step;
    long started = hop.run.profiled ? System.nanoTime() : 0L;
    try {
      step = plugin.call(hop.state, hop.run.context);
    } catch (Throwable error) {
      hop.fail(new PluginFailure(cell.name, PluginFailure.Kind.THREW, describe(error)), elapsedSince(hop, started));
      logFailure(hop, "threw", error);
      throw new PluginCrashed(cell.name, error);
    }
    if (step == null) {
      hop.fail(new PluginFailure(cell.name, PluginFailure.Kind.RETURNED_NULL, "call returned null instead of a step"),
          elapsedSince(hop, started));
      logFailure(hop, "returned null", null);
      throw new PluginCrashed(cell.name, null);
    }
    if (!hop.answer(step, elapsedSince(hop, started))) {
      logFailure(hop, "answered after its timeout of " + cell.descriptor().timeout().toMillis() + " ms", null);
      throw new PluginCrashed(cell.name, null);
    }
    return Behaviors.same();
  }

  private static long elapsedSince(Hop hop, long started) {
    return hop.run.profiled ? System.nanoTime() - started : 0L;
  }

  private Behavior<Command> onSignal(Signal signal) {
    if (signal instanceof PreRestart || signal instanceof PostStop) {
      cell.instance(null);
      try {
        plugin.stop();
      } catch (Exception e) {
        log.warn("Plugin '{}' failed in stop()", cell.name, e);
      }
    }
    return Behaviors.same();
  }

  private void logFailure(Hop hop, String what, Throwable error) {
    String event = hop.run.chain.event;
    MDC.put("arbor.event", event);
    MDC.put("arbor.plugin", cell.name);
    try {
      log.warn("Plugin '{}' on event '{}' {}; the call went on, the plugin restarts", cell.name, event, what, error);
    } finally {
      MDC.remove("arbor.event");
      MDC.remove("arbor.plugin");
    }
  }

  private static String describe(Throwable error) {
    return error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
  }

  /** Thrown to the supervisor after a failed call has been reported and moved on, so the plugin restarts. */
  static final class PluginCrashed extends RuntimeException {
    PluginCrashed(String plugin, Throwable cause) {
      super("plugin '" + plugin + "' failed", cause);
    }
  }
}
