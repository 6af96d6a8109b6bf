package io.arbor.runtime.chain;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times out plugins that do not answer. It runs on a thread of its own, so it keeps working when
 * plugin code has blocked every dispatcher thread. Each tick it looks at every hop waiting at or
 * running in a plugin: it stamps the ones it sees for the first time and times out the ones seen
 * longer ago than their plugin's timeout. A hung call therefore moves on between its timeout and its
 * timeout plus two ticks, and calls themselves read no clock. The same pass finds plugins stuck in
 * their code and queues past their limit ({@link PluginCell#watch}).
 */
public final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final ChainDirectory directory;
  private final ScheduledExecutorService timer;
  private final Executor executor;
  private final int queueLimit;
  private final long origin = System.nanoTime();
  /** Cells whose last check threw, so each is logged once rather than every tick; watchdog thread only. */
  private final Set<PluginCell> failing = new HashSet<>();

  /**
   * @param executor where timed-out calls are moved on: moving a call on may complete the caller's
   *     future and run the caller's code, which must never run on (and stall) the watchdog's thread
   */
  public Watchdog(ChainDirectory directory, Duration tick, int queueLimit, Executor executor) {
    this.directory = directory;
    this.queueLimit = queueLimit;
    this.executor = executor;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "arbor-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, tick.toMillis());
    timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      long now = monotonicMillis();
      // Every live plugin actor, not only those in a chain: one that just left its chain may still
      // hold calls, and a hung one would otherwise keep them forever.
      forEachIsolated(directory.liveCells(), failing, cell -> cell.name, cell -> {
        if (cell.isClosed()) {
          directory.stopped(cell); // its actor stopped and its calls were moved on
        } else {
          cell.watch(now, executor, queueLimit);
        }
      });
      failing.retainAll(directory.liveCells()); // forget cells whose actor has gone
      directory.expireHeld();
    } catch (RuntimeException | Error e) { // an uncaught throwable would cancel the schedule for good
      log.error("Watchdog tick failed; timeouts resume on the next tick", e);
    }
  }

  /**
   * Runs {@code check} on each cell. A cell whose check throws is logged once (again only after a
   * check of it has passed) and never stops the pass over the others, so one plugin's trouble cannot
   * switch timeouts off for the rest.
   *
   * @param failing the cells whose last check threw; the caller keeps it from pass to pass
   */
  static <C> void forEachIsolated(Iterable<C> cells, Set<C> failing, Function<C, String> name, Consumer<C> check) {
    for (C cell : cells) {
      try {
        check.accept(cell);
        failing.remove(cell);
      } catch (RuntimeException e) {
        if (failing.add(cell)) {
          log.error("Watchdog check of plugin '{}' failed; its calls are not timed out while this lasts, "
              + "other plugins' still are", name.apply(cell), e);
        }
      }
    }
  }

  /** Milliseconds since this watchdog started, from 1: a hop reads 0 as "not seen yet". */
  private long monotonicMillis() {
    return (System.nanoTime() - origin) / 1_000_000 + 1;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
