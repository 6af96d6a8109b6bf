package io.arbor.runtime.chain;

import com.typesafe.config.Config;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;
import java.util.Optional;
import org.apache.pekko.actor.ActorCell;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorRefWithCell;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import scala.Option;

/**
 * The plugin actors' mailbox (configured as {@code arbor.plugin-mailbox}). Like Pekko's default for
 * typed actors it is a multi-producer single-consumer linked queue, with two differences:
 *
 * <ul>
 *   <li>the {@link Watchdog} can see into it: the hop the plugin is running now and the hops waiting
 *       behind it, so a hung plugin's waiting calls time out too, at no cost per message;
 *   <li>it never loses a call: when a plugin actor stops, the hops still queued for it move on as if
 *       the plugin were unavailable instead of becoming dead letters.
 * </ul>
 */
public final class PluginMailbox implements MailboxType {

  public PluginMailbox(ActorSystem.Settings settings, Config config) {}

  @Override
  public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
    return new Queue();
  }

  /**
   * The queue of a local actor running on this mailbox. A child's reference has its cell, and so its
   * mailbox, as soon as {@code spawn} returns, before the actor has run at all.
   */
  static Optional<Queue> of(ActorRef actor) {
    if (actor instanceof ActorRefWithCell withCell && withCell.underlying() instanceof ActorCell cell
        && cell.mailbox() != null && cell.mailbox().messageQueue() instanceof Queue queue) {
      return Optional.of(queue);
    }
    return Optional.empty();
  }

  static final class Queue implements MessageQueue, UnboundedMessageQueueSemantics {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle NEXT;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        HEAD = lookup.findVarHandle(Queue.class, "head", Node.class);
        TAIL = lookup.findVarHandle(Queue.class, "tail", Node.class);
        NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private static final class Node {
      private volatile Node next;
      private Envelope value;

      Node(Envelope value) {
        this.value = value;
      }
    }

    /** The newest node; producers swap themselves in here. */
    private volatile Node head;
    /** The consumer's node. Its value is the message taken last: the one being processed, or done. */
    private volatile Node tail;
    /** Set when the actor has stopped: whatever arrives later is moved on at once. */
    private volatile boolean closed;

    Queue() {
      Node stub = new Node(null);
      head = stub;
      tail = stub;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
      Node node = new Node(handle);
      Node previous = (Node) HEAD.getAndSet(this, node);
      NEXT.setRelease(previous, node);
      if (closed && handle.message() instanceof Hop hop) {
        hop.rescue(receiver); // sent by someone who saw the actor alive; cleanUp has already run
      }
    }

    @Override
    public Envelope dequeue() {
      Node current = (Node) TAIL.getAcquire(this);
      Node next = (Node) NEXT.getAcquire(current);
      if (next == null) {
        if (head == current) {
          return null;
        }
        do { // a producer has swapped the head but not linked its node yet; it is one store away
          Thread.onSpinWait();
          next = (Node) NEXT.getAcquire(current);
        } while (next == null);
      }
      current.value = null;
      TAIL.setRelease(this, next);
      return next.value;
    }

    @Override
    public int numberOfMessages() {
      int count = 0;
      for (Node node = (Node) NEXT.getAcquire((Node) TAIL.getAcquire(this)); node != null; node = node.next) {
        count++;
      }
      return count;
    }

    @Override
    public boolean hasMessages() {
      Node current = tail;
      return current.next != null || head != current;
    }

    /**
     * The message taken last (maybe still being processed; {@code taken} true), then every waiting
     * one, oldest first.
     */
    void forEachMessage(BiConsumer<Object, Boolean> action) {
      boolean taken = true;
      for (Node node = tail; node != null; node = node.next) {
        Envelope envelope = node.value;
        if (envelope != null) {
          action.accept(envelope.message(), taken);
        }
        taken = false;
      }
    }

    boolean isClosed() {
      return closed;
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
      closed = true;
      Envelope current = tail.value; // the message the actor was processing when it stopped
      if (current != null && current.message() instanceof Hop hop) {
        hop.rescue(owner);
      }
      Envelope envelope;
      while ((envelope = dequeue()) != null) {
        if (envelope.message() instanceof Hop hop) {
          hop.rescue(owner);
        } else {
          deadLetters.enqueue(owner, envelope);
        }
      }
    }
  }
}
