package io.arbor.runtime.registry;

import java.time.Instant;
import java.util.function.Supplier;

/** When and where a decision is made, and how new plugin ids are drawn: kept out of the rules so tests fix them. */
public record Stamp(Instant at, String node, Supplier<String> ids) {}
