package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-8", event = "bench", priority = 8)
public final class BenchStep8 extends BenchStep {}
