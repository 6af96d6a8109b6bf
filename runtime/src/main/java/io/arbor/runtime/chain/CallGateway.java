package io.arbor.runtime.chain;

import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The entry for callers that are actors ({@link Call}), and the safety net for calls sent to a plugin
 * actor just as it stopped: such a call would become a dead letter and its caller would wait forever,
 * so it is moved on past the plugin instead.
 */
public final class CallGateway {
  public sealed interface Command permits Call, Undelivered {}

  /**
   * Call an event from actor code; the outcome arrives at {@code replyTo} as a {@link CallResult} or
   * a {@link CallReply.Failed}.
   */
  public record Call(String event, Object state, CallOptions options, ActorRef<CallReply> replyTo) implements Command {}

  /** A message Pekko could not deliver: a dead letter, or one it dropped. */
  record Undelivered(Object message, org.apache.pekko.actor.ActorRef recipient) implements Command {}

  private CallGateway() {}

  public static Behavior<Command> create(ChainDirectory directory) {
    return Behaviors.setup(context -> {
      ActorRef<DeadLetter> deadLetters =
          context.messageAdapter(DeadLetter.class, letter -> new Undelivered(letter.message(), letter.recipient()));
      ActorRef<Dropped> dropped =
          context.messageAdapter(Dropped.class, letter -> new Undelivered(letter.message(), letter.recipient()));
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, deadLetters));
      context.getSystem().eventStream().tell(new EventStream.Subscribe<>(Dropped.class, dropped));
      return Behaviors.receive(Command.class)
          .onMessage(Call.class, call -> {
            if (call.replyTo() == null) {
              context.getLog().warn("A Call to '{}' without replyTo was ignored", call.event());
              return Behaviors.same();
            }
            CallOptions options = call.options() == null ? CallOptions.DEFAULT : call.options();
            directory.call(call.event(), call.state(), options, new ReplySink.ToActor(call.replyTo(), options.attachment()));
            return Behaviors.same();
          })
          .onMessage(Undelivered.class, undelivered -> {
            if (undelivered.message() instanceof Hop hop) {
              hop.rescue(undelivered.recipient());
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
