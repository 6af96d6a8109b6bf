package io.arbor.runtime;

/**
 * Marker for Arbor's own types that are written to the journal or sent between nodes. Only these are
 * bound to Jackson (see {@code reference.conf}); Jackson never uses default typing.
 */
public interface ArborSerializable {}
