package io.arbor.runtime.chain;

import io.arbor.plugin.Names;
import io.arbor.runtime.InvalidArgumentException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every declared event's current {@link ChainSnapshot}: the only structure the call path reads. It
 * also knows every live plugin actor (for the watchdog, including actors that just left a chain).
 */
public final class ChainDirectory {
  private final ConcurrentHashMap<String, ChainSnapshot> chains = new ConcurrentHashMap<>();
  private final Set<PluginCell> liveCells = ConcurrentHashMap.newKeySet();
  /** Each declared event's first chain, complete once it is published. */
  private final ConcurrentHashMap<String, CompletableFuture<Void>> firstChains = new ConcurrentHashMap<>();
  /** Why calls are refused: null while open. */
  private volatile String closedBecause;
  /** No new call is admitted: the node drains before it stops. */
  private volatile boolean draining;
  /** Where callers' continuations on a call's stage run: never on the plugin actor that completes it. */
  private final Executor callers;

  /** Whom calls and hops are reported to (metrics); NONE until one is set. */
  private final AtomicReference<CallObserver> observer = new AtomicReference<>(CallObserver.NONE);

  /** The calls held while their event is paused with holding, by event. */
  private final ConcurrentHashMap<String, HeldCalls> held = new ConcurrentHashMap<>();
  private final int holdLimit;
  private final Duration holdTimeout;

  /**
   * @param holdLimit how many calls to one paused event may be held at once
   * @param holdTimeout how long a held call waits for the resume before it fails
   */
  public ChainDirectory(Executor callers, int holdLimit, Duration holdTimeout) {
    this.callers = callers;
    this.holdLimit = holdLimit;
    this.holdTimeout = holdTimeout;
  }

  /** From the next call on, hops and calls are reported to {@code next}; returns the observer it replaces. */
  public CallObserver observe(CallObserver next) {
    return observer.getAndSet(next);
  }

  /** Stops reporting to {@code current}, unless another observer has replaced it already. */
  public void unobserve(CallObserver current) {
    observer.compareAndSet(current, CallObserver.NONE);
  }

  CallObserver observer() {
    return observer.get();
  }

  /** Start a call: validate, then hand the state to the first plugin. Errors go to the sink at once. */
  void call(String event, Object state, CallOptions options, ReplySink sink) {
    ChainSnapshot chain = event == null ? null : chains.get(event);
    if (isClosed()) {
      sink.fail(closedError("the call to '" + Names.shown(event) + "'"));
    } else if (event == null) { // Arbor.call throws this at once; an actor's Call gets it as its reply
      sink.fail(new InvalidArgumentException("event", "must not be null"));
    } else if (chain == null) {
      sink.fail(new UnknownEventException(event));
    } else if (chain.paused != null && !chain.holds) {
      sink.fail(new PausedException(event, chain.paused == ChainSnapshot.Paused.RUNTIME));
    } else if (chain.paused != null) {
      hold(event, chain, state, options, sink);
    } else if (state == null) {
      sink.fail(InvalidStateException.nullState(event));
    } else if (!chain.stateType.isInstance(state)) {
      sink.fail(InvalidStateException.wrongType(event, chain.stateType, state));
    } else {
      while (!chain.enter()) {
        chain = chains.get(event); // replaced meanwhile: its successor was published before it was superseded
      }
      if (draining) { // read after enter(), so that drained() never misses a call it let in
        chain.exit();
        sink.fail(new DrainingException(event));
        return;
      }
      new ChainRun(this, chain, state, options == null ? CallOptions.DEFAULT : options, sink).begin();
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public <S> CompletableFuture<CallResult<S>> call(String event, Object state, CallOptions options) {
    CompletableFuture<CallResult<?>> future = new CallerFuture<>(callers);
    call(event, state, options, new ReplySink.ToFuture(future));
    return (CompletableFuture) future;
  }

  /** Holds a call to a paused event, or refuses it when too many are held; released at once if it was resumed meanwhile. */
  private void hold(String event, ChainSnapshot paused, Object state, CallOptions options, ReplySink sink) {
    if (draining) {
      sink.fail(new DrainingException(event)); // nothing would release it here
      return;
    }
    if (!held.computeIfAbsent(event, name -> new HeldCalls(holdLimit, holdTimeout)).hold(state, options, sink)) {
      sink.fail(new PausedException(event, paused.paused == ChainSnapshot.Paused.RUNTIME, "and " + holdLimit
          + " calls are held already"));
      return;
    }
    ChainSnapshot now = chains.get(event);
    if (now != paused && now.paused == null) {
      release(event); // resumed between the read and the hold: nothing would release it otherwise
    } else if (draining || isClosed()) {
      failHeld(); // began between the check above and the hold
    }
  }

  /** Starts the calls held for {@code event}, in the order they came (its chain is no longer paused). */
  private void release(String event) {
    HeldCalls calls = held.get(event);
    if (calls != null) {
      calls.releaseAll().forEach(call -> call(event, call.state(), call.options(), call.sink()));
    }
  }

  /** Fails every held call: the node drains or closes, so no resume will start them here. */
  private void failHeld() {
    held.forEach((event, calls) -> calls.releaseAll().forEach(call -> call.sink().fail(
        isClosed() ? closedError("the held call to '" + event + "'") : new DrainingException(event))));
  }

  /** Fails the held calls that have waited longer than the hold timeout; the watchdog calls it every tick. */
  void expireHeld() {
    long now = System.nanoTime();
    held.forEach((event, calls) -> calls.expired(now).forEach(call -> call.sink().fail(new PausedException(event,
        chains.get(event) != null && chains.get(event).paused == ChainSnapshot.Paused.RUNTIME,
        "and the call was held " + holdTimeout.toMillis() + " ms, the longest a call waits for the resume"))));
  }

  /**
   * From now on no new call is admitted (each fails with {@link DrainingException}); calls already
   * running go on. {@link #drained} says when they have all ended.
   */
  public void drain() {
    draining = true;
    failHeld();
  }

  public boolean isDraining() {
    return draining;
  }

  /** Draining, and no call is running on any event's chain. */
  public boolean drained() {
    return draining && chains.values().stream().allMatch(ChainSnapshot::idle);
  }

  /** From now on calls fail with {@link ArborClosedException} giving {@code reason}; the first reason stays. */
  public synchronized void close(String reason) {
    if (closedBecause == null) {
      closedBecause = reason;
    }
    failHeld();
  }

  public boolean isClosed() {
    return closedBecause != null;
  }

  /** The error for {@code what} (for example "the call to 'e'"), refused because this directory is closed. */
  public ArborClosedException closedError(String what) {
    return new ArborClosedException(what, closedBecause);
  }

  public ChainSnapshot chain(String event) {
    return chains.get(event);
  }

  public Collection<ChainSnapshot> chains() {
    return chains.values();
  }

  /** Publishes the event's new chain and supersedes the one it replaces, which it returns (null for the first). */
  ChainSnapshot publish(ChainSnapshot chain) {
    ChainSnapshot previous = chains.put(chain.event, chain);
    if (previous != null) {
      previous.supersede();
    }
    if (chain.paused == null) {
      release(chain.event);
    }
    firstChains.computeIfAbsent(chain.event, event -> new CompletableFuture<>()).complete(null);
    return previous;
  }

  /**
   * Completes once every plugin in the event's chain has tried to start (its instance is up, or its
   * start failed); when the chain was replaced meanwhile, once the plugins of the chain then current have.
   */
  public CompletableFuture<Void> pluginsStarted(String event) {
    ChainSnapshot chain = chains.get(event);
    if (chain == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<?>[] tried = Arrays.stream(chain.cells).map(PluginCell::whenStartTried).toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(tried)
        .thenCompose(done -> chains.get(event) == chain ? CompletableFuture.completedFuture(null) : pluginsStarted(event));
  }

  /** Why a plugin is unhealthy on this node for being stuck in its code (one of its actors is), or null. */
  public String stuck(String plugin) {
    for (PluginCell cell : liveCells) {
      if (cell.name.equals(plugin) && cell.isStuck()) {
        return "an instance is " + cell.refusal();
      }
    }
    return null;
  }

  Collection<PluginCell> liveCells() {
    return liveCells;
  }

  void started(PluginCell cell) {
    liveCells.add(cell);
  }

  void stopped(PluginCell cell) {
    liveCells.remove(cell);
  }

  /** A declared event's supervisor is about to build its first chain; {@link #firstChain} waits for it. */
  public void expect(String event) {
    firstChains.computeIfAbsent(event, name -> new CompletableFuture<>());
  }

  /** Completes once the event's first chain is published; at once if it is, or if the event was never expected. */
  public CompletableFuture<Void> firstChain(String event) {
    return firstChains.getOrDefault(event, CompletableFuture.completedFuture(null)).copy();
  }
}
