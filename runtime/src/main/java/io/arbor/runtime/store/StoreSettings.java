package io.arbor.runtime.store;

import java.time.Duration;

/**
 * The {@code arbor.store} section of the configuration: how the replicated store reads and writes.
 *
 * @param write how many replicas a write reaches before it completes
 * @param read how many replicas a read asks
 * @param timeout how long a read or write waits for {@code majority} or {@code all}
 */
public record StoreSettings(Consistency write, Consistency read, Duration timeout) {

  public enum Consistency {
    /** This node's replica only; the others learn it by gossip. */
    LOCAL,
    MAJORITY,
    ALL
  }
}
