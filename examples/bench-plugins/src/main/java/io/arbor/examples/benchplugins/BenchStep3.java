package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-3", event = "bench", priority = 3)
public final class BenchStep3 extends BenchStep {}
