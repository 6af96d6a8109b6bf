package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-1", event = "bench", priority = 1)
public final class BenchStep1 extends BenchStep {}
