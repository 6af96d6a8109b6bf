package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-2", event = "bench", priority = 2)
public final class BenchStep2 extends BenchStep {}
