package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-0", event = "bench", priority = 0)
public final class BenchStep0 extends BenchStep {}
