package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-5", event = "bench", priority = 5)
public final class BenchStep5 extends BenchStep {}
