package io.arbor.runtime.chain;

import io.arbor.plugin.CallContext;
import io.arbor.runtime.ArborException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** What every hop of one call shares, and never changes: the chain, the input, the options, the caller. */
final class ChainRun {
  final ChainSnapshot chain;
  final Object input;
  final CallContext context;
  final boolean profiled;
  /** Whom this call's hops and end are reported to: read once, at its start. */
  final CallObserver observer;
  /** When the call started, if it is timed ({@link CallObserver#TIMED_ONE_IN}); else -1. */
  private final long started;
  private final CallOptions options;
  private final ReplySink sink;
  private final ChainDirectory directory;

  ChainRun(ChainDirectory directory, ChainSnapshot chain, Object input, CallOptions options, ReplySink sink) {
    this.directory = directory;
    this.chain = chain;
    this.input = input;
    this.context = options.meta().isEmpty() ? chain.contextWithoutMeta : new CallContext(chain.event, options.meta());
    this.options = options;
    this.profiled = options.profile();
    this.sink = sink;
    this.observer = directory.observer();
    // A random pick, not a counter: a counter shared by callers would bounce between cores on every call.
    boolean timed = profiled || ThreadLocalRandom.current().nextInt(CallObserver.TIMED_ONE_IN) == 0;
    this.started = timed ? System.nanoTime() : -1L;
  }

  private long elapsed() {
    return started < 0 ? -1L : System.nanoTime() - started;
  }

  void begin() {
    Hop.first(this).send();
  }

  CallResult<Object> result(
      Object finalState, List<String> ran, String haltedBy, List<PluginFailure> failures, List<PluginTiming> timings) {
    Object state = options.returnInput() ? input : finalState;
    return new CallResult<>(state, ran, haltedBy, failures, chain.notLoaded, options.attachment(), timings);
  }

  /** The result goes to the caller before the call stops counting, so a drain that completes has delivered it. */
  void succeed(CallResult<Object> result) {
    chain.meter(observer).completed(result.haltedBy() != null, elapsed());
    try {
      sink.succeed(result);
    } finally {
      chain.exit();
    }
  }

  void fail(ArborException error) {
    chain.meter(observer).failed(elapsed());
    try {
      sink.fail(error);
    } finally {
      chain.exit();
    }
  }

  /** Arbor was closed while this call ran: its plugin actors are stopping, so the call ends here. */
  boolean closed() {
    return directory.isClosed();
  }
}
