package io.arbor.runtime.chain;

import io.arbor.plugin.CallContext;
import io.arbor.runtime.ArborException;
import java.util.List;

/** What every hop of one call shares, and never changes: the chain, the input, the options, the caller. */
final class ChainRun {
  final ChainSnapshot chain;
  final Object input;
  final CallContext context;
  final boolean profiled;
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
    try {
      sink.succeed(result);
    } finally {
      chain.exit();
    }
  }

  void fail(ArborException error) {
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
