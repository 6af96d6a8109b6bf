package io.arbor.runtime;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The one Arbor of an ActorSystem, for code that holds the system but not the Arbor (health checks,
 * the admin API): see {@link Arbor#of}. Taken when a start begins, so a second Arbor on the same
 * system is refused before it opens anything; it holds the Arbor once the start has finished, and is
 * free again once that Arbor is closed or its start failed.
 */
final class ArborExtension implements Extension {

  static final class Id extends ExtensionId<ArborExtension> {
    private static final Id INSTANCE = new Id();

    private Id() {}

    @Override
    public ArborExtension createExtension(ActorSystem<?> system) {
      return new ArborExtension(system.name());
    }
  }

  static ArborExtension get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** In the slot while an Arbor is starting: taken, but not yet an Arbor to hand out. */
  private static final Object STARTING = new Object();

  private final String systemName;
  /** Null (free), STARTING, or the running Arbor. */
  private final AtomicReference<Object> slot = new AtomicReference<>();

  private ArborExtension(String systemName) {
    this.systemName = systemName;
  }

  /** A start begins; refused while another Arbor starts or runs on this system. */
  void reserve() {
    if (!slot.compareAndSet(null, STARTING)) {
      throw new InvalidArgumentException("existing", "must not be an ActorSystem that already runs an Arbor ('" + systemName
          + "' does; get it with Arbor.of(system), or close it before starting another)");
    }
  }

  void started(Arbor arbor) {
    slot.compareAndSet(STARTING, arbor);
  }

  void startFailed() {
    slot.compareAndSet(STARTING, null);
  }

  void closed(Arbor arbor) {
    slot.compareAndSet(arbor, null);
  }

  Arbor arbor() {
    if (slot.get() instanceof Arbor arbor) {
      return arbor;
    }
    throw new ArborNotStartedException(systemName);
  }
}
