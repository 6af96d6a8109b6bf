package io.arbor.runtime.chain;

import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginContext;
import io.arbor.plugin.PluginDefinition;
import io.arbor.plugin.RestartStrategy;
import io.arbor.plugin.Step;
import io.arbor.runtime.chain.ChainRun.Stage;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One plugin's actor: runs the plugin on each call that reaches it and hands the state on. A failing
 * plugin is reported in the call and then restarted by this actor's supervisor with a fresh instance;
 * past the restart limit the actor stops and its event supervisor marks the plugin failed.
 */
public final class PluginActor extends AbstractBehavior<PluginActor.Command> {
  /** The only message is a call passing through ({@link ChainRun}). */
  public interface Command {}

  private static final Logger log = LoggerFactory.getLogger(PluginActor.class);

  private final PluginCell cell;
  private final Plugin<Object> plugin;

  static Behavior<Command> create(PluginCell cell, PluginDefinition<?> definition) {
    Behavior<Command> behavior = Behaviors.setup(context -> new PluginActor(context, cell, definition));
    return Behaviors.supervise(behavior).onFailure(Exception.class, strategy(cell.descriptor().restart()));
  }

  private static SupervisorStrategy strategy(RestartStrategy restart) {
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
    super(context);
    this.cell = cell;
    if (Adapter.toClassic(context) instanceof ActorCell actorCell
        && actorCell.mailbox().messageQueue() instanceof PluginMailbox.Queue queue) {
      cell.attachMailbox(queue);
    }
    this.plugin = (Plugin<Object>) definition.factory().get();
    if (plugin == null) {
      throw new IllegalStateException("the factory of plugin '" + cell.name + "' returned null");
    }
    plugin.start(PluginContext.of(cell.descriptor()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(ChainRun.class, this::onRun)
        .onSignal(PreRestart.class, signal -> stopPlugin())
        .onSignal(PostStop.class, signal -> stopPlugin())
        .build();
  }

  private Behavior<Command> onRun(ChainRun run) {
    Stage stage = run.stage();
    if (!run.isWaitingAt(stage, cell)) {
      return this; // timed out or rescued while queued; someone else moved the call on
    }
    Step<Object> step;
    cell.running(run);
    try {
      step = plugin.call(stage.state(), run.context);
    } catch (Throwable error) {
      cell.running(null);
      run.fail(stage, new PluginFailure(cell.name, PluginFailure.Kind.THREW, describe(error)));
      logFailure(run, "threw", error);
      throw new PluginCrashed(cell.name, error);
    }
    cell.running(null);
    if (step == null) {
      run.fail(stage, new PluginFailure(cell.name, PluginFailure.Kind.RETURNED_NULL, "call returned null instead of a step"));
      logFailure(run, "returned null", null);
      throw new PluginCrashed(cell.name, null);
    }
    if (!run.proceed(stage, step)) {
      logFailure(run, "answered after its timeout of " + cell.descriptor().timeout().toMillis() + " ms", null);
      throw new PluginCrashed(cell.name, null);
    }
    return this;
  }

  private Behavior<Command> stopPlugin() {
    try {
      plugin.stop();
    } catch (Exception e) {
      log.warn("Plugin '{}' failed in stop()", cell.name, e);
    }
    return this;
  }

  private void logFailure(ChainRun run, String what, Throwable error) {
    MDC.put("arbor.event", run.chain.event);
    MDC.put("arbor.plugin", cell.name);
    try {
      log.warn("Plugin '{}' on event '{}' {}; the call went on, the plugin restarts", cell.name, run.chain.event, what, error);
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
