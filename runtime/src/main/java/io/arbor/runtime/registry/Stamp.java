package io.arbor.runtime.registry;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * When and where a decision is made, for which command, and how new plugin ids are drawn: kept out
 * of the rules so tests fix them.
 *
 * @param command the id of the command being decided (journaled with its events, so a command
 *     delivered twice is applied once), or null
 */
public record Stamp(Instant at, String node, Supplier<String> ids, String command) {
  public Stamp(Instant at, String node, Supplier<String> ids) {
    this(at, node, ids, null);
  }
}
