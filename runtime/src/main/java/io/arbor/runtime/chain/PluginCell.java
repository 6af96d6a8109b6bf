package io.arbor.runtime.chain;

import io.arbor.plugin.PluginDescriptor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.dispatch.Envelope;

/**
 * What the call path and the watchdog know of one plugin actor: its reference, its descriptor, the
 * call it is running now and its mailbox, so a hung plugin's waiting calls can be timed out.
 */
final class PluginCell {
  final String name;
  private volatile PluginDescriptor descriptor;
  private volatile ActorRef<PluginActor.Command> ref;
  private volatile ChainRun running;
  private volatile PluginMailbox.Queue mailbox;

  PluginCell(PluginDescriptor descriptor) {
    this.name = descriptor.name();
    this.descriptor = descriptor;
  }

  PluginDescriptor descriptor() {
    return descriptor;
  }

  void redeclare(PluginDescriptor newDescriptor) {
    descriptor = newDescriptor;
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

  void running(ChainRun run) {
    running = run;
  }

  /** Time out the running call and any waiting call that has been at this plugin longer than its timeout. */
  void expireOverdue(long now) {
    long timeout = descriptor.timeout().toMillis();
    ChainRun current = running;
    if (current != null) {
      current.expireIfOverdue(this, now, timeout);
    }
    PluginMailbox.Queue queue = mailbox;
    if (queue == null) {
      return;
    }
    Envelope head = queue.peek();
    if (head != null && head.message() instanceof ChainRun first && first.isOverdueAt(this, now, timeout)) {
      for (Envelope waiting : queue) {
        if (waiting.message() instanceof ChainRun run) {
          run.expireIfOverdue(this, now, timeout);
        }
      }
    }
  }
}
