package io.arbor.runtime.registry;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands lifecycle changes to a Java callback, one at a time and in order. A callback that throws
 * (an exception, a linkage error or a failed assertion) is logged and keeps receiving.
 */
public final class LifecycleListener {
  public sealed interface Command {}

  record Deliver(LifecycleChange change) implements Command {}

  public record Stop() implements Command {}

  private static final Logger log = LoggerFactory.getLogger(LifecycleListener.class);

  private LifecycleListener() {}

  public static Behavior<Command> create(Consumer<LifecycleChange> callback) {
    return Behaviors.setup(context -> {
      ActorRef<LifecycleChange> changes = context.messageAdapter(LifecycleChange.class, Deliver::new);
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(LifecycleChange.class, changes));
      return Behaviors.receive(Command.class)
          .onMessage(Deliver.class, deliver -> {
            try {
              callback.accept(deliver.change());
            } catch (Exception | LinkageError | AssertionError e) { // anything escaping would stop this listener for good
              log.warn("A lifecycle listener failed on {}", deliver.change(), e);
            }
            return Behaviors.same();
          })
          .onMessage(Stop.class, stop -> {
            context.getSystem().eventStream().tell(new EventStream.Unsubscribe<>(changes));
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
