package io.arbor.runtime.chain;

import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDescriptor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the call path and the watchdog know of one plugin actor: its reference, its descriptor and its
 * mailbox, through which the watchdog sees the hop being run and the hops waiting behind it.
 *
 * <p>The watchdog also decides when calls must not wait for this actor at all ({@link #refusal()}):
 * when its plugin is stuck in its code, or when too many calls queue for it. Calls then skip it at
 * once as unavailable.
 */
final class PluginCell {
  final String name;
  private final PluginDescriptor descriptor;
  /** The SHA-256 of the installed artifact its code comes from, or null for the application's code. */
  final String origin;
  /** Whom the watchdog tells when the plugin is stuck: the event supervisor, the actor's parent. */
  private final ActorRef<EventSupervisor.Command> owner;
  /**
   * The thread the plugin's code last ran on, for the watchdog to name and replace when stuck.
   * Written by the actor only when it changes: the call path reads this cell from other threads, so
   * a write per call would bounce its cache line between cores.
   */
  private volatile Thread runningOn;
  /** Why calls skip this actor without queueing, or null while they may queue. */
  private volatile String refusal;
  /** The watchdog found the plugin stuck in its code; set once, by the watchdog, then read by calls and health. */
  private volatile boolean stuck;
  private volatile ActorRef<PluginActor.Command> ref;
  private volatile PluginMailbox.Queue mailbox;
  /** The running plugin instance, for health checks; null before its first start and while it restarts. */
  private volatile Plugin<?> instance;
  /**
   * The settings its instances are to run with: the descriptor's at spawn, then each live
   * configuration update's, set by the event supervisor before it tells the actor to take them.
   */
  private volatile Map<String, Object> settings;
  /**
   * The meter its hops report to, and the observer it came from. A plain field: written only when the
   * observer changes, and a stale read costs one hop reported to the previous observer.
   */
  private Metered metered = new Metered(CallObserver.NONE, CallObserver.NONE.plugin("", ""));
  /** When (System.nanoTime) the plugin's configure() hook was entered, while it runs; 0 otherwise. */
  private volatile long configuringSince;
  /** Completes once the actor has tried to start its plugin, successfully or not. */
  private final CompletableFuture<Void> startTried = new CompletableFuture<>();

  PluginCell(PluginDescriptor descriptor, String origin, ActorRef<EventSupervisor.Command> owner) {
    this.name = descriptor.name();
    this.descriptor = descriptor;
    this.origin = origin;
    this.owner = owner;
    this.settings = descriptor.extra();
  }

  Map<String, Object> settings() {
    return settings;
  }

  private record Metered(CallObserver by, CallObserver.PluginMeter meter) {}

  /** Its actor has stopped: tells the meter, so that the observer can fold its counts and let it go. */
  void retireMeter() {
    metered.meter().retired();
  }

  /** The meter of {@code observer} for this plugin, asked for once per observer. */
  CallObserver.PluginMeter meter(CallObserver observer) {
    Metered current = metered;
    if (current.by() != observer) {
      current = new Metered(observer, observer.plugin(descriptor.event(), name));
      metered = current;
    }
    return current.meter();
  }

  /** Its actor takes {@code next} between two calls: in place through the plugin's hook, or by a restart. */
  void reconfigure(Map<String, Object> next) {
    settings = next;
    ref.tell(PluginActor.Reconfigure.INSTANCE);
  }

  PluginDescriptor descriptor() {
    return descriptor;
  }

  ActorRef<PluginActor.Command> ref() {
    return ref;
  }

  void bind(ActorRef<PluginActor.Command> actor) {
    ref = actor;
  }

  void attachMailbox(PluginMailbox.Queue queue) {
    mailbox = queue;
  }

  void instance(Plugin<?> running) {
    instance = running;
  }

  Plugin<?> instance() {
    return instance;
  }

  void startTried() {
    startTried.complete(null);
  }

  CompletableFuture<Void> whenStartTried() {
    return startTried;
  }

  /** The actor has stopped and its mailbox was emptied: the watchdog can forget this cell. */
  boolean isClosed() {
    PluginMailbox.Queue queue = mailbox;
    return queue != null && queue.isClosed();
  }

  /** The plugin's code is about to run on {@code thread}. */
  void runsOn(Thread thread) {
    if (runningOn != thread) {
      runningOn = thread;
    }
  }

  /** Why calls skip this plugin actor at once, or null when they may queue for it. */
  String refusal() {
    return refusal;
  }

  /** The watchdog found the plugin stuck in its code. */
  boolean isStuck() {
    return stuck;
  }

  /** The actor enters ({@code true}) or leaves the plugin's configure() hook: the watchdog times it like a call. */
  void configuring(boolean inHook) {
    configuringSince = inHook ? Math.max(1, System.nanoTime()) : 0;
  }

  /**
   * The watchdog's pass over this plugin actor, every tick: time out every hop that it has seen here
   * for longer than the plugin's timeout, running or waiting; find the plugin stuck when it has run
   * one call longer than its timeout and still not returned; refuse new calls while it is stuck or
   * while more than {@code queueLimit} wait (until the queue is down to half of that).
   */
  void watch(long now, Executor executor, int queueLimit) {
    PluginMailbox.Queue queue = mailbox;
    if (queue == null) {
      return;
    }
    long timeout = descriptor.timeout().toMillis();
    int[] waiting = {0};
    queue.forEachMessage((message, taken) -> {
      if (!(message instanceof Hop hop)) {
        return;
      }
      hop.expireIfOverdue(this, now, timeout, executor, taken);
      if (taken) {
        // The plugin is still inside this very call (not idle after it, nor in the next one).
        if (!stuck && hop.overran() && hop.inPluginCode()) {
          stuck(timeout, runningOn, "in its code");
        }
      } else {
        waiting[0]++;
        if (stuck) {
          hop.refuse(this, refusal, executor); // it would wait for the stuck call to return
        }
      }
    });
    long configuring = configuringSince;
    if (!stuck && configuring != 0 && System.nanoTime() - configuring > TimeUnit.MILLISECONDS.toNanos(timeout)) {
      stuck(timeout, runningOn, "in its configure() hook");
    }
    if (!stuck) {
      if (refusal == null && waiting[0] > queueLimit) {
        refusal = "its queue is full (" + waiting[0] + " calls waiting, the limit is " + queueLimit + ")";
      } else if (refusal != null && waiting[0] <= queueLimit / 2) {
        refusal = null;
      }
    }
  }

  private void stuck(long timeout, Thread thread, String where) {
    stuck = true;
    String why = "stuck " + where + " for more than " + timeout + " ms" + (thread == null ? "" : " on thread " + thread.getName());
    refusal = why;
    owner.tell(new EventSupervisor.PluginStuck(this, why));
    if (thread != null) {
      PluginThreadPool.replaceStuck(thread, "plugin '" + name + "'");
    }
  }
}
