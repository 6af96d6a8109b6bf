package io.arbor.runtime.chain;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of {@code arbor.plugin-dispatcher}: a fork-join pool like Pekko's default, which keeps
 * its capacity when plugin code pins one of its threads.
 *
 * <p>JDK 17's fork-join pool never grows past its parallelism for a thread that blocks outside
 * {@code ForkJoinPool.managedBlock}, and plugin code does not call that. Worse, work that the pinned
 * thread had queued for itself can wait for it indefinitely: idle workers are not woken for it. So
 * when the {@link Watchdog} finds a thread stuck in a plugin ({@link #replaceStuck}), the pool is
 * replaced whole: new work goes to a fresh pool of the same size, the work still queued in the old one
 * moves over, and the old pool's other threads end once idle. The stuck thread itself cannot be
 * stopped on the JVM; it ends when the plugin's code returns, if ever. Between replacements the call
 * path pays one volatile read per scheduled actor.
 */
public final class PluginThreadPool extends ExecutorServiceConfigurator {
  private static final Logger log = LoggerFactory.getLogger(PluginThreadPool.class);

  private final int parallelism;
  private final boolean asyncMode;

  public PluginThreadPool(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    Config forkJoin = config.getConfig("fork-join-executor");
    int cores = Runtime.getRuntime().availableProcessors();
    int scaled = (int) Math.ceil(cores * forkJoin.getDouble("parallelism-factor"));
    this.parallelism = Math.min(Math.max(scaled, forkJoin.getInt("parallelism-min")), forkJoin.getInt("parallelism-max"));
    this.asyncMode = !forkJoin.getString("task-peeking-mode").equals("LIFO");
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    if (!(threadFactory instanceof MonitorableThreadFactory threads)) {
      throw new IllegalArgumentException(id + ": expected Pekko's thread factory, got " + threadFactory);
    }
    return () -> new Replaceable(id, threads, parallelism, asyncMode);
  }

  /** Replaces the pool of {@code thread}, when it is one of this executor's and its pool is still the current one. */
  static void replaceStuck(Thread thread, String why) {
    if (thread instanceof Worker worker) {
      worker.generation.owner.replace(worker.generation, worker, why);
    }
  }

  /** What Pekko's dispatcher holds: always delegates to the current generation. */
  static final class Replaceable extends AbstractExecutorService {
    private final String id;
    private final MonitorableThreadFactory threads;
    private final int parallelism;
    private final boolean asyncMode;
    private final List<Generation> retired = new CopyOnWriteArrayList<>();
    private volatile Generation current;
    private volatile boolean shutdown;

    Replaceable(String id, MonitorableThreadFactory threads, int parallelism, boolean asyncMode) {
      this.id = id;
      this.threads = threads;
      this.parallelism = parallelism;
      this.asyncMode = asyncMode;
      this.current = new Generation(this);
    }

    @Override
    public void execute(Runnable task) {
      while (true) {
        Generation generation = current;
        try {
          generation.execute(task);
          return;
        } catch (RejectedExecutionException e) {
          if (generation == current) {
            throw e; // shut down for good, not replaced meanwhile
          }
        }
      }
    }

    synchronized void replace(Generation stuck, Worker thread, String why) {
      if (stuck != current || shutdown) {
        return; // replaced already, for this thread or another one of the same pool
      }
      Generation fresh = new Generation(this);
      current = fresh;
      retired.removeIf(ForkJoinPool::isTerminated);
      retired.add(stuck);
      stuck.shutdown();
      List<ForkJoinTask<?>> queued = stuck.drainQueued();
      queued.forEach(fresh::execute);
      log.warn("Thread {} is stuck in the code of {}; {} goes on with a fresh pool of {} threads ({} queued tasks moved); "
          + "{} earlier pools wait for a stuck thread", thread.getName(), why, id, parallelism, queued.size(), retired.size());
    }

    @Override
    public synchronized void shutdown() {
      shutdown = true;
      current.shutdown();
      retired.forEach(ForkJoinPool::shutdown);
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
      shutdown = true;
      List<Runnable> pending = new ArrayList<>(current.shutdownNow());
      retired.forEach(generation -> pending.addAll(generation.shutdownNow()));
      return pending;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && current.isTerminated() && retired.stream().allMatch(ForkJoinPool::isTerminated);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      List<Generation> all = new ArrayList<>(retired);
      all.add(current);
      for (Generation generation : all) {
        if (!generation.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
          return false;
        }
      }
      return true;
    }
  }

  /** One pool of threads; replaced when one of them is stuck. */
  static final class Generation extends ForkJoinPool {
    final Replaceable owner;

    Generation(Replaceable owner) {
      super(owner.parallelism, pool -> owner.threads.wire(new Worker((Generation) pool, owner)), null, owner.asyncMode);
      this.owner = owner;
    }

    /** Takes every task still queued, the stuck thread's own queue included, without running them. */
    List<ForkJoinTask<?>> drainQueued() {
      List<ForkJoinTask<?>> tasks = new ArrayList<>();
      drainTasksTo(tasks);
      return tasks;
    }
  }

  static final class Worker extends ForkJoinWorkerThread {
    final Generation generation;

    Worker(Generation generation, Replaceable owner) {
      super(generation);
      this.generation = generation;
      // As Pekko names its dispatchers' threads: system, dispatcher, number.
      setName(owner.threads.name() + "-" + owner.id + "-" + owner.threads.counter().incrementAndGet());
    }
  }
}
