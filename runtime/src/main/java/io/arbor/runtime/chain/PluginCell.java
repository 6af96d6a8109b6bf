package io.arbor.runtime.chain;

import io.arbor.plugin.Plugin;
import io.arbor.plugin.PluginDescriptor;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the call path and the watchdog know of one plugin actor: its reference, its descriptor and its
 * mailbox, through which the watchdog sees the hop being run and the hops waiting behind it.
 */
final class PluginCell {
  final String name;
  private final PluginDescriptor descriptor;
  private volatile ActorRef<PluginActor.Command> ref;
  private volatile PluginMailbox.Queue mailbox;
  /** The running plugin instance, for health checks; null before its first start and while it restarts. */
  private volatile Plugin<?> instance;
  /** The actor has tried to start its plugin once, successfully or not. */
  private volatile boolean startTried;

  PluginCell(PluginDescriptor descriptor) {
    this.name = descriptor.name();
    this.descriptor = descriptor;
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
    startTried = true;
  }

  boolean hasStartTried() {
    return startTried;
  }

  /** The actor has stopped and its mailbox was emptied: the watchdog can forget this cell. */
  boolean isClosed() {
    PluginMailbox.Queue queue = mailbox;
    return queue != null && queue.isClosed();
  }

  /** Time out every hop at this plugin, running or waiting, that the watchdog has seen here for longer than its timeout. */
  void expireOverdue(long now, Executor executor) {
    PluginMailbox.Queue queue = mailbox;
    if (queue != null) {
      long timeout = descriptor.timeout().toMillis();
      queue.forEachMessage((message, taken) -> {
        if (message instanceof Hop hop) {
          hop.expireIfOverdue(this, now, timeout, executor, taken);
        }
      });
    }
  }
}
