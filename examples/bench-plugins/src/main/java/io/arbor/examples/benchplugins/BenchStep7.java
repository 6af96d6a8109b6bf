package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-7", event = "bench", priority = 7)
public final class BenchStep7 extends BenchStep {}
