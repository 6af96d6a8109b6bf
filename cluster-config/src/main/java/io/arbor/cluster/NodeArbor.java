package io.arbor.cluster;

import io.arbor.runtime.Arbor;
import io.arbor.runtime.ArborNotStartedException;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** The health checks' view of {@link Arbor#of}: Pekko Management constructs them with the classic system. */
final class NodeArbor {
  private NodeArbor() {}

  /** {@code system}'s Arbor, or empty while it is starting (or after it closed). */
  static Optional<Arbor> of(ActorSystem system) {
    try {
      return Optional.of(Arbor.of(Adapter.toTyped(system)));
    } catch (ArborNotStartedException e) {
      return Optional.empty();
    }
  }
}
