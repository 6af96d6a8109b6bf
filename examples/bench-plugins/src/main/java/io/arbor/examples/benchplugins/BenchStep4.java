package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-4", event = "bench", priority = 4)
public final class BenchStep4 extends BenchStep {}
