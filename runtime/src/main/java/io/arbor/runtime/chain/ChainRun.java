package io.arbor.runtime.chain;

import io.arbor.plugin.CallContext;
import io.arbor.plugin.FailurePolicy;
import io.arbor.plugin.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * One call travelling down a chain. The same object is the message every plugin actor receives; its
 * progress is an immutable {@link Stage} swapped by compare-and-set, so exactly one party moves each
 * hop on: the plugin that answered, or the watchdog that timed it out. The loser's outcome is dropped.
 */
final class ChainRun implements PluginActor.Command {
  private static final AtomicReferenceFieldUpdater<ChainRun, Stage> STAGE =
      AtomicReferenceFieldUpdater.newUpdater(ChainRun.class, Stage.class, "stage");

  final ChainSnapshot chain;
  final Object input;
  final CallContext context;
  private final CallOptions options;
  private final ReplySink sink;
  private volatile Stage stage;

  /**
   * Where the call stands: the plugin at {@code position} is next, holding {@code state} since {@code
   * since}. {@code previous} and {@code failure} record how the last hop went, so the result is read
   * back from the stages without any shared mutable list.
   */
  record Stage(int position, long since, Object state, Stage previous, PluginFailure failure, End end) {}

  enum End {
    NONE,
    COMPLETED,
    HALTED,
    FAILED_CALL
  }

  ChainRun(ChainSnapshot chain, Object input, CallOptions options, ReplySink sink) {
    this.chain = chain;
    this.input = input;
    this.context = new CallContext(chain.event, options.meta());
    this.options = options;
    this.sink = sink;
  }

  void begin() {
    Stage first = new Stage(0, chain.clock.now(), input, null, null, chain.cells.length == 0 ? End.COMPLETED : End.NONE);
    stage = first;
    moveOn(first);
  }

  Stage stage() {
    return stage;
  }

  boolean isWaitingAt(Stage current, PluginCell cell) {
    return current.end == End.NONE && chain.cells[current.position] == cell;
  }

  boolean isOverdueAt(PluginCell cell, long now, long timeoutMillis) {
    Stage current = stage;
    return isWaitingAt(current, cell) && now - current.since >= timeoutMillis;
  }

  /** The plugin at {@code from.position} answered; false when it was too late. */
  boolean proceed(Stage from, Step<?> step) {
    Stage next = step instanceof Step.Halt<?>
        ? new Stage(from.position, from.since, step.state(), from, null, End.HALTED)
        : new Stage(from.position + 1, chain.clock.now(), step.state(), from, null,
            from.position + 1 == chain.cells.length ? End.COMPLETED : End.NONE);
    return advance(from, next);
  }

  /** The plugin at {@code from.position} failed: apply its failure policy. False when someone else moved first. */
  boolean fail(Stage from, PluginFailure failure) {
    FailurePolicy policy = chain.cells[from.position].descriptor().onFailure();
    Stage next = switch (policy) {
      case SKIP -> new Stage(from.position + 1, chain.clock.now(), from.state, from, failure,
          from.position + 1 == chain.cells.length ? End.COMPLETED : End.NONE);
      case HALT -> new Stage(from.position, from.since, from.state, from, failure, End.HALTED);
      case FAIL_CALL -> new Stage(from.position, from.since, from.state, from, failure, End.FAILED_CALL);
    };
    return advance(from, next);
  }

  void expireIfOverdue(PluginCell cell, long now, long timeoutMillis) {
    Stage current = stage;
    if (isWaitingAt(current, cell) && now - current.since >= timeoutMillis) {
      fail(current, new PluginFailure(cell.name, PluginFailure.Kind.TIMED_OUT, "no answer within " + timeoutMillis + " ms"));
    }
  }

  /** This run reached a plugin actor that no longer exists; skip it as unavailable. */
  void rescue(org.apache.pekko.actor.ActorRef deadActor) {
    Stage current = stage;
    if (current.end != End.NONE) {
      return;
    }
    PluginCell cell = chain.cells[current.position];
    if (cell.ref() != null && Adapter.toClassic(cell.ref()).equals(deadActor)) {
      fail(current, new PluginFailure(cell.name, PluginFailure.Kind.UNAVAILABLE, "the plugin's actor has stopped"));
    }
  }

  private boolean advance(Stage from, Stage next) {
    if (!STAGE.compareAndSet(this, from, next)) {
      return false;
    }
    moveOn(next);
    return true;
  }

  private void moveOn(Stage next) {
    switch (next.end) {
      case NONE -> chain.cells[next.position].ref().tell(this);
      case COMPLETED, HALTED -> sink.succeed(result(next));
      case FAILED_CALL -> sink.fail(new PluginFailedException(next.failure, result(next)));
    }
  }

  private CallResult<Object> result(Stage last) {
    List<String> ran = new ArrayList<>();
    List<PluginFailure> failures = new ArrayList<>();
    for (Stage s = last; s.previous != null; s = s.previous) {
      if (s.failure != null) {
        failures.add(s.failure);
      } else {
        ran.add(chain.cells[s.previous.position].name);
      }
    }
    Collections.reverse(ran);
    Collections.reverse(failures);
    String haltedBy = last.end == End.HALTED ? chain.cells[last.position].name : null;
    Object state = options.returnInput() ? input : last.state;
    return new CallResult<>(state, ran, haltedBy, failures, chain.notLoaded, options.attachment());
  }
}
