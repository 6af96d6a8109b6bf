package io.arbor.runtime.chain;

import java.time.Duration;

/** How long one plugin took in a profiled call: the time inside its {@code call}, in its actor. */
public record PluginTiming(String plugin, Duration elapsed) {}
