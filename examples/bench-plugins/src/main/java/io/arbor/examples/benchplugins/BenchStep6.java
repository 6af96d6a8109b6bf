package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-6", event = "bench", priority = 6)
public final class BenchStep6 extends BenchStep {}
