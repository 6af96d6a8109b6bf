package io.arbor.runtime.chain;

import com.typesafe.config.Config;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import scala.Option;

/**
 * The plugin actors' mailbox: Pekko's unbounded queue, but visible to the {@link Watchdog} (so calls
 * waiting behind a hung plugin still time out) and never losing a call: when a plugin actor stops,
 * the calls still queued for it move on as if the plugin were unavailable instead of becoming dead
 * letters. Configured as {@code arbor.plugin-mailbox}.
 */
public final class PluginMailbox implements MailboxType {

  public PluginMailbox(ActorSystem.Settings settings, Config config) {}

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    return new Queue();
  }

  static final class Queue extends ConcurrentLinkedQueue<Envelope> implements MessageQueue, UnboundedMessageQueueSemantics {
    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
      add(handle);
    }

    @Override
    public Envelope dequeue() {
      return poll();
    }

    @Override
    public int numberOfMessages() {
      return size();
    }

    @Override
    public boolean hasMessages() {
      return !isEmpty();
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
      Envelope envelope;
      while ((envelope = poll()) != null) {
        if (envelope.message() instanceof ChainRun run) {
          run.rescue(owner);
        } else {
          deadLetters.enqueue(owner, envelope);
        }
      }
    }
  }
}
