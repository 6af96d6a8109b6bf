package io.arbor.examples.benchplugins;

import io.arbor.plugin.ArborPlugin;

@ArborPlugin(name = "step-9", event = "bench", priority = 9)
public final class BenchStep9 extends BenchStep {}
