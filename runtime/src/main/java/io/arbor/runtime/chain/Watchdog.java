package io.arbor.runtime.chain;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times out plugins that do not answer. It runs on a thread of its own, so it keeps working when
 * plugin code has blocked every dispatcher thread, and it keeps the coarse clock calls stamp their
 * hops with (a volatile read instead of a system call per hop). Its resolution is the tick.
 */
public final class Watchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final ChainDirectory directory;
  private final ScheduledExecutorService timer;
  private volatile long now = monotonicMillis();

  public Watchdog(ChainDirectory directory, Duration tick) {
    this.directory = directory;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "arbor-watchdog");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, tick.toMillis());
    timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Milliseconds on a monotonic clock, accurate to one tick. */
  long now() {
    return now;
  }

  private void tick() {
    try {
      long current = monotonicMillis();
      now = current;
      for (ChainSnapshot chain : directory.chains()) {
        for (PluginCell cell : chain.cells) {
          cell.expireOverdue(current);
        }
      }
    } catch (RuntimeException e) {
      log.error("Watchdog tick failed; timeouts resume on the next tick", e);
    }
  }

  private static long monotonicMillis() {
    return System.nanoTime() / 1_000_000;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
